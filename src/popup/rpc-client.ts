/** The popup's typed client for the background protocol. */
import browser from 'webextension-polyfill';
import { errorInLanguage, isErrorShape, shapeText, WalletError, type ErrorShape } from '../shared/errors';
import { t } from './i18n';
import { RPC_TAG, type MethodName, type ParamsOf, type ResultOf, type RpcReply, type RpcRequest } from '../shared/rpc';
import { localText } from '../shared/local-text';

/** A request the user made: it counts as activity and pushes the auto-lock deadline. */
export function call<M extends MethodName>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>> {
  return send({ tag: RPC_TAG, method, params });
}

/** A request a timer makes (status, progress, payment polls): it never keeps the wallet unlocked. */
export function poll<M extends MethodName>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>> {
  return send({ tag: RPC_TAG, method, params, poll: true });
}

async function send<M extends MethodName>(request: RpcRequest<M>): Promise<ResultOf<M>> {
  const reply = (await browser.runtime.sendMessage(request)) as RpcReply<ResultOf<M>> | undefined;
  if (!reply) throw new WalletError('internal', localText('err_background_silent'));
  if (reply.ok) return reply.result;
  if (isErrorShape(reply.error)) throw errorFromShape(reply.error);
  throw new WalletError('internal', localText('err_background_unreadable'));
}

/** An error the background answered as a shape (a whole reply's, or one layer's in a timeline), as the popup shows it. */
export function errorFromShape(shape: ErrorShape): WalletError {
  const { code, message, host } = shape;
  return new WalletError(code, shapeText(shape) ?? message, typeof host === 'string' ? host : undefined, message);
}

/** The error in the popup's language; the background's English when a key is unknown here. */
export function errorText(err: unknown): string {
  if (!(err instanceof WalletError)) return t('errorUnknown');
  return errorInLanguage(err, t);
}
