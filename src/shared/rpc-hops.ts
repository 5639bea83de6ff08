/** Protocol of the Move screen. Quotes stay in the background; the popup refers to them by id. */
import type { ChainView, HopRecordView, RouteMatrixCell, RouteView } from './hop-views';
import { LAYER_IDS } from './layers';
import { method } from './rpc-method';
import { obj, oneOf, optional, str } from './schema';

const assetRef = obj({ layer: oneOf(LAYER_IDS), asset: str({ min: 1, max: 64 }) });
const hopId = str({ min: 1, max: 80, pattern: /^[a-z0-9-]+$/ });
const quoteId = str({ min: 1, max: 80 });

export interface PlannedRoutesView {
  /** Direct and chained routes, usable ones first, then by what arrives. */
  routes: (RouteView & { quoteId: string })[];
  wallMs: number;
}

export const HOP_METHODS = {
  'hops.assets': method<{ layer: string; asset: string; symbol: string; decimals: number }[]>()(obj({})),
  /**
   * Quotes every route between two assets for an amount typed in the `from` asset's
   * unit. Moves to Lightning name where the sats go (`destination`: a BOLT11
   * invoice, whose amount then decides and `amount` may be empty, an LNURL-pay or a
   * Lightning Address).
   */
  'hops.plan': method<PlannedRoutesView>()(
    obj({ from: assetRef, to: assetRef, amount: str({ max: 40 }), destination: optional(str({ min: 1, max: 2000 })) }),
  ),
  'hops.start': method<HopRecordView>()(obj({ quoteId })),
  /** All hops, after advancing those that are due. */
  'hops.list': method<HopRecordView[]>()(obj({})),
  'hops.get': method<HopRecordView>()(obj({ id: hopId })),
  'hops.refund': method<HopRecordView>()(obj({ id: hopId })),
  /** After a restore from the phrase: asks Boltz for swaps made with this seed's keys and follows the unfinished ones. */
  'hops.restore': method<{ restored: number; skipped: number }>()(obj({})),
  /** Every ordered pair of move assets on the selected networks: direct, chained (through what) or none (why). No quotes are fetched. */
  'hops.matrix': method<RouteMatrixCell[]>()(obj({})),
  /** Starts a chained route (a `hops.plan` route with `mechanism: 'chained'`): the chain is stored, then its first leg starts. */
  'chains.start': method<ChainView>()(obj({ quoteId })),
  /** All chained moves, newest first, after advancing those that are due. */
  'chains.list': method<ChainView[]>()(obj({})),
  'chains.get': method<ChainView>()(obj({ id: hopId })),
  /** A stopped chain's next leg quoted afresh from where its funds are now (the route is kept by id, as in `hops.plan`). */
  'chains.requote': method<RouteView & { quoteId: string }>()(obj({ id: hopId })),
  /** A stopped chain goes on with a route `chains.requote` gave. */
  'chains.continue': method<ChainView>()(obj({ id: hopId, quoteId })),
  /** A stopped chain ends with its funds left on the intermediate layer. */
  'chains.leave': method<ChainView>()(obj({ id: hopId })),
};
