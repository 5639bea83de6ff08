/**
 * What the approval window shows for one request: public, decoded data only (never a
 * key, never raw hex alone). The background builds it per family; the window renders
 * every kind with one generic view, so a family needs no UI code of its own.
 */
import type { LayerId } from '../layers';
import type { LocalText } from '../local-text';
import type { DappFamily } from './protocol';

/** One line of a request's content. */
export type ApprovalRow =
  | { kind: 'text'; label: LocalText; value: string | LocalText; mono?: boolean }
  /** An amount in the smallest unit (decimal string of a bigint), shown with the asset's unit. */
  | { kind: 'amount'; label: LocalText; value: string; decimals: number; unit: string; /** Leaves the wallet (shown as such). */ outgoing?: boolean }
  /** An address or key; `ours` marks one of this wallet's own. */
  | { kind: 'address'; label: LocalText; value: string; ours?: boolean }
  /** A message to sign: shown as text when it is UTF-8, else as hex with that said. */
  | { kind: 'message'; label: LocalText; value: string; hex?: boolean };

export interface ApprovalSection {
  title: LocalText;
  rows: ApprovalRow[];
}

export interface ApprovalView {
  /** The queue's id for `dapp.decide`. */
  id: string;
  /** scheme://host[:port] as the browser reported it, never as the page claims. */
  origin: string;
  family: DappFamily;
  layer: LayerId;
  /** The network the request is for, by the wallet's preset (e.g. "Bitcoin testnet", "Local devnet"). */
  network: { preset: string; name: string };
  /** `connect` or the method asked (e.g. `signPsbt`, `eth_sendTransaction`). */
  method: string;
  /** One sentence of what approving does (e.g. "Sign and broadcast this transaction"). */
  summary: LocalText;
  sections: ApprovalSection[];
  /** Things the user must know before approving (e.g. "this signs inputs of all sighash types"). */
  warnings?: LocalText[];
  /** Requests waiting behind this one. */
  queued: number;
}

/** A site's standing permission, as Settings lists it. */
export interface ConnectionView {
  origin: string;
  family: DappFamily;
  layer: LayerId;
  /** What the site may see and ask, in words (e.g. "your Bitcoin payment and Taproot addresses"). */
  grants: LocalText[];
  connectedAt: number;
}
