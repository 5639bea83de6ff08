/**
 * Typed errors shared by background and popup. An error carries a locale key and its
 * parameters (`text`), which the popup renders in its language; `message` is the same
 * sentence in English (logs, and the fallback when a key is unknown). Sites not yet
 * converted pass an English string, shown verbatim: write it for a person, not a log.
 */
import { isLocalText, localText, renderText, type LocalText } from './local-text';

export type ErrorCode =
  | 'bad_request'
  | 'unknown_method'
  | 'bad_params'
  | 'no_wallet'
  | 'wallet_exists'
  | 'locked'
  | 'wrong_password'
  | 'weak_password'
  | 'bad_mnemonic_word'
  | 'bad_mnemonic_checksum'
  | 'bad_mnemonic_length'
  | 'backup_not_started'
  | 'backup_mismatch'
  | 'vault_corrupt'
  | 'bad_url'
  // input to a send
  | 'bad_amount'
  | 'bad_address'
  | 'wrong_network'
  | 'bad_memo'
  | 'insufficient_funds'
  | 'below_dust'
  | 'fee_too_high'
  /** What the user reviewed no longer holds (fee, gas): nothing was sent; show a new review. */
  | 'fee_changed'
  | 'bad_fee_rate'
  | 'not_found'
  | 'not_bumpable'
  /** A review no longer matches what would be signed: review again. */
  | 'review_changed'
  // talking to a backend
  | 'network_error'
  | 'timeout'
  | 'backend_error'
  | 'broadcast_rejected'
  /** A step waits for the network (an earlier transaction to be mined) before it may act. */
  | 'waiting'
  // Lightning / LNURL
  | 'bad_invoice'
  | 'invoice_expired'
  | 'invoice_mismatch'
  | 'bad_lnurl'
  | 'lnurl_error'
  | 'no_funding'
  | 'payment_failed'
  /** A payment was handed over but its outcome is not known yet: it may still settle, so it must not be made again. */
  | 'payment_unknown'
  /** The browser has not granted access to a service's host (optional host permission). */
  | 'host_permission'
  | 'unsupported'
  /** The user switched this layer off in Settings ("Layers shown"). */
  | 'layer_disabled'
  /** A label, or a label file to import, the wallet refuses (nothing was changed). */
  | 'bad_labels'
  | 'internal';

export interface ErrorShape {
  code: ErrorCode;
  message: string;
  /** The sentence as a locale key and parameters, when the site has one. */
  key?: string;
  params?: LocalText['params'];
  /** The server that failed (a URL's host, e.g. "mempool.space"), when one did. */
  host?: string;
}

/**
 * English for a keyed error's `message`: the background installs the English table
 * (english.ts, on import) so its logs and error shapes carry English; the popup never
 * needs it (its errors come with the background's message, and it renders keys in its
 * own language), so its bundle leaves the table out.
 */
let toEnglish: (text: LocalText) => string = (text) => text.key;
export function setEnglishMessages(render: (text: LocalText) => string): void {
  toEnglish = render;
}

/** A keyed sentence in English, for the `message` of an error that is not a WalletError (logs). */
export function englishMessage(text: LocalText): string {
  return toEnglish(text);
}

export class WalletError extends Error {
  readonly code: ErrorCode;
  /** The server that failed, when one did (Home names it on the layer's row). */
  host?: string;
  /** The keyed sentence, absent for English-only sites. */
  readonly text?: LocalText;
  /** `message` is an English fallback when `text` is keyed and the popup has no entry for it. */
  constructor(code: ErrorCode, text: string | LocalText, host?: string, message?: string) {
    super(typeof text === 'string' ? text : (message ?? toEnglish(text)));
    this.name = 'WalletError';
    this.code = code;
    if (typeof text !== 'string') this.text = text;
    if (host) this.host = host;
  }
  toShape(): ErrorShape {
    const shape: ErrorShape = { code: this.code, message: this.message };
    if (this.text) {
      shape.key = this.text.key;
      if (this.text.params) shape.params = this.text.params;
    }
    if (this.host) shape.host = this.host;
    return shape;
  }
}

export function isErrorShape(value: unknown): value is ErrorShape {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ErrorShape).code === 'string' &&
    typeof (value as ErrorShape).message === 'string'
  );
}

/** The keyed sentence an answer carries, if it is well formed (a popup never trusts its shape). */
export function shapeText(shape: ErrorShape): LocalText | undefined {
  const text = { key: shape.key, params: shape.params };
  if (text.params === undefined) delete text.params;
  return isLocalText(text) ? text : undefined;
}

/**
 * The error in the language of `translate` (the popup's `t`, which answers the key itself
 * when it has no entry): the English `message` when any key in it is unknown there.
 */
export function errorInLanguage(err: WalletError, translate: (key: string, ...substitutions: string[]) => string): string {
  if (!err.text) return err.message;
  let missing = false;
  const text = renderText(err.text, (key, ...subs) => {
    const s = translate(key, ...subs);
    if (s === key || s === '') missing = true;
    return s;
  });
  return missing ? err.message : text;
}

/** Why a service's answer made a route unavailable: the error's sentence, keyed when it is. */
export function routeReason(err: unknown): string | LocalText {
  return err instanceof WalletError ? (err.text ?? err.message) : { key: 'err_route_unreachable' };
}

/** Anything thrown that is not a WalletError becomes a generic error whose text hides internals. */
export function toErrorShape(err: unknown): ErrorShape {
  if (err instanceof WalletError) return err.toShape();
  return { code: 'internal', message: 'Something went wrong inside the wallet. Please try again.', ...localText('err_internal') };
}
