/** The popup's typed client for the background protocol. */
import browser from 'webextension-polyfill';
import { isErrorShape, WalletError } from '../shared/errors';
import { RPC_TAG, type MethodName, type ParamsOf, type ResultOf, type RpcReply } from '../shared/rpc';

export async function call<M extends MethodName>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>> {
  const reply = (await browser.runtime.sendMessage({ tag: RPC_TAG, method, params })) as RpcReply<ResultOf<M>> | undefined;
  if (!reply) throw new WalletError('internal', 'The wallet background did not answer.');
  if (reply.ok) return reply.result;
  if (isErrorShape(reply.error)) throw new WalletError(reply.error.code, reply.error.message);
  throw new WalletError('internal', 'The wallet background sent an unreadable answer.');
}

export function errorText(err: unknown): string {
  return err instanceof WalletError ? err.message : 'Something went wrong. Please try again.';
}
