/**
 * The wire between a web page and the wallet (issue #20), in three hops:
 *
 *   page (MAIN world, src/inject/)  --window.postMessage-->  content script (isolated, src/content/)
 *   content script                  --runtime.sendMessage-->  background (src/background/dapp/)
 *
 * and back the same way. The page names a family, a method and its params; it never
 * names its origin: the background reads the origin from the browser's sender record.
 * The content script only checks a message's shape and size (`parsePageRequest`) and
 * relays; the background alone decides, asks the user, signs and answers.
 */
import type { LayerId } from '../layers';

/** Marks our messages among whatever else a page posts. */
export const DAPP_TAG = 'layerhop.dapp.v1';

/** The provider families a page can talk to, each one standard (see README, "For dApp developers"). */
export const DAPP_FAMILIES = ['webln', 'bitcoin', 'stacks', 'rootstock', 'liquid'] as const;
export type DappFamily = (typeof DAPP_FAMILIES)[number];

/** The layer whose account and preset a family uses: connecting is per origin and per layer. */
export const FAMILY_LAYER = {
  webln: 'lightning',
  bitcoin: 'bitcoin',
  stacks: 'stacks',
  rootstock: 'rootstock',
  liquid: 'liquid',
} as const satisfies Record<DappFamily, LayerId>;

/** A serialized request larger than this is refused by the content script (a PSBT of a few hundred inputs fits). */
export const MAX_REQUEST_BYTES = 512 * 1024;
export const MAX_METHOD_CHARS = 64;
/** Requests one page may have open at once; more are refused at once (no window is opened for them). */
export const MAX_OPEN_REQUESTS = 16;

/** page → content script (window.postMessage, same window, target origin = the page's own). */
export interface PageRequest {
  tag: typeof DAPP_TAG;
  dir: 'request';
  /** The page's own id for matching the answer; opaque to the wallet. */
  id: string;
  family: DappFamily;
  method: string;
  params?: unknown;
}

/**
 * Why the wallet refused, family-neutral; each family maps it to its standard's code
 * (EIP-1193 4001/4100/4200/4900/4901, JSON-RPC -32xxx for Sats Connect and SIP-030,
 * WebLN's error messages).
 */
export type DappRefusal =
  | 'user_rejected'
  | 'unauthorized'
  | 'unsupported_method'
  | 'invalid_params'
  | 'wrong_network'
  | 'disconnected'
  | 'busy'
  | 'internal';

/** What a page receives when a request fails: its family's standard code and an English message. */
export interface DappErrorShape {
  code: number;
  message: string;
  data?: unknown;
}

/** content script → page. */
export type PageReply =
  | { tag: typeof DAPP_TAG; dir: 'reply'; id: string; result: unknown }
  | { tag: typeof DAPP_TAG; dir: 'reply'; id: string; error: DappErrorShape };

/** background → content script → page, unasked (EIP-1193 `accountsChanged`, `chainChanged`, `disconnect`). */
export interface PageEvent {
  tag: typeof DAPP_TAG;
  dir: 'event';
  family: DappFamily;
  event: string;
  data: unknown;
}

/** content script → background (runtime.sendMessage); the answer is `{ result } | { error }`. */
export interface RelayedRequest {
  tag: typeof DAPP_TAG;
  family: DappFamily;
  method: string;
  params?: unknown;
}
export type RelayedReply = { result: unknown } | { error: DappErrorShape };

export function isDappFamily(x: unknown): x is DappFamily {
  return typeof x === 'string' && (DAPP_FAMILIES as readonly string[]).includes(x);
}

/**
 * Refusals raised before any family answers (the content script's shape checks, the
 * router before it knows the family): JSON-RPC 2.0 codes, with the refusal in `data`
 * so a family's page provider can map it to its own standard when it needs to.
 */
const RELAY_CODES: Record<DappRefusal, number> = {
  user_rejected: 4001,
  unauthorized: 4100,
  unsupported_method: -32601,
  invalid_params: -32602,
  wrong_network: 4901,
  disconnected: 4900,
  busy: -32005,
  internal: -32603,
};

export function relayError(refusal: DappRefusal, message: string): DappErrorShape {
  return { code: RELAY_CODES[refusal], message, data: { refusal } };
}
