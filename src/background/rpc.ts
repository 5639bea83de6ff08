/**
 * The background end of the popup protocol. Only this extension's own pages are
 * answered; a content script, a web page or another extension gets no reply at
 * all. Every accepted request is validated before its handler runs, and every
 * failure comes back as a typed error.
 */
import { toErrorShape, WalletError } from '../shared/errors';
import { isMethodName, METHODS, RPC_TAG, type MethodName, type ParamsOf, type ResultOf, type RpcReply } from '../shared/rpc';
import { localText } from '../shared/local-text';

export type Handlers = { [M in MethodName]: (params: ParamsOf<M>) => Promise<ResultOf<M>> };

/** The part of `runtime.MessageSender` the check needs. */
export interface SenderInfo {
  id?: string;
  url?: string;
  origin?: string;
}

export interface Self {
  /** `runtime.id` */
  id: string;
  /** `runtime.getURL('')`, e.g. `chrome-extension://<id>/` */
  baseUrl: string;
}

/** True only for pages served from this extension's own origin (popup, tabs of popup.html). */
export function isOwnPage(sender: SenderInfo, self: Self): boolean {
  if (sender.id !== self.id || typeof sender.url !== 'string') return false;
  // Compare scheme and host: URL.origin is "null" for extension schemes in some engines.
  try {
    const from = new URL(sender.url);
    const own = new URL(self.baseUrl);
    return from.protocol === own.protocol && from.host === own.host && own.host !== '';
  } catch {
    return false;
  }
}

/**
 * Returns the reply for a message, or `undefined` when the sender must get nothing
 * (foreign sender, or a message that is not ours at all).
 */
export function handleMessage(
  message: unknown,
  sender: SenderInfo,
  self: Self,
  handlers: Handlers,
  /** Settles once the worker has restored its state; requests wait for it. */
  ready: Promise<unknown> = Promise.resolve(),
  /** Pushes the auto-lock deadline: once per request the user made (not for timer polls). */
  userActivity: () => Promise<void> = async () => undefined,
  /** Refuses a method the user switched off (see layer-gate.ts). */
  gate: (method: MethodName) => Promise<void> = async () => undefined,
): Promise<RpcReply> | undefined {
  if (!isOwnPage(sender, self)) return undefined;
  if (typeof message !== 'object' || message === null || (message as { tag?: unknown }).tag !== RPC_TAG) return undefined;
  return ready.then(() => dispatch(message as RpcMessage, handlers, userActivity, gate));
}

type RpcMessage = { method?: unknown; params?: unknown; poll?: unknown };

async function dispatch(message: RpcMessage, handlers: Handlers, userActivity: () => Promise<void>, gate: (method: MethodName) => Promise<void>): Promise<RpcReply> {
  try {
    const { method } = message;
    if (!isMethodName(method)) {
      throw new WalletError('unknown_method', localText('err_unknown_request', String(method).slice(0, 64)));
    }
    // Only our own pages get here; a page can mark a request as a timer's poll, never the reverse.
    if (message.poll !== true) await userActivity();
    await gate(method);
    const params = METHODS[method].params(message.params ?? {}, '');
    const handler = handlers[method] as (p: unknown) => Promise<unknown>;
    return { ok: true, result: await handler(params) };
  } catch (err) {
    if (!(err instanceof WalletError)) console.error('layerhop: handler failed', err instanceof Error ? err.name : typeof err);
    return { ok: false, error: toErrorShape(err) };
  }
}
