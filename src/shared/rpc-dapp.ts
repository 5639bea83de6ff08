/** Protocol of the approval window and of Settings' connected sites (the wallet's own pages only). */
import type { ApprovalView, ConnectionView } from './dapp/approval-view';
import { DAPP_FAMILIES, type DappFamily } from './dapp/protocol';
import { method } from './rpc-method';
import { bool, empty, obj, oneOf, str } from './schema';

/** What the approval window names while the wallet is locked: public, no content (that is built after unlock). */
export interface DappWaitingView {
  origin: string;
  family: DappFamily;
  method: string;
  queued: number;
}

export const DAPP_METHODS = {
  /** The request the approval window shows now, or null when none is waiting. */
  'dapp.pending': method<ApprovalView | null>()(empty),
  /** Approves or rejects the shown request; answers the next one (or null). */
  'dapp.decide': method<ApprovalView | null>()(obj({ id: str({ min: 1, max: 64 }), approve: bool() })),
  'dapp.connections': method<ConnectionView[]>()(empty),
  /** Forgets a site's permission for one family; its later requests get "unauthorized". */
  'dapp.disconnect': method<ConnectionView[]>()(obj({ origin: str({ min: 1, max: 512 }), family: oneOf(DAPP_FAMILIES) })),
  /** Who waits for the window, answered while locked too (the window names the origin above Unlock). */
  'dapp.waiting': method<DappWaitingView | null>()(empty),
};
