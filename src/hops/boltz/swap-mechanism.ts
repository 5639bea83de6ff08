/** What the three Boltz swap kinds share as hop mechanisms: their quote, the index sync and the restore. */
import type { HopContext } from '../mechanism';
import type { AssetRef, RouteQuote } from '../types';
import type { LocalText } from '../../shared/local-text';
import { boltzApi, BTC_LIGHTNING, BTC_ONCHAIN, LBTC, RBTC } from './assets';
import { etherSwapUnpinned } from './etherswap-pin';
import { boltzRouteMissing } from './service-networks';
import { MECHANISM_OF, quoteBoltz } from './quote';
import type { SwapKind } from './shapes';
import { termsOf } from './record';
import { beforeBoltzIndex, prepareBoltzIndex } from './index-sync';
import { restoreBoltzHops } from './restore';
import { boltzDeadline } from './refund-state';

/** The assets each kind of swap moves between (what the wallet offers of Boltz's pairs). */
const PAIRS: { [K in SwapKind]: readonly [AssetRef, AssetRef][] } = {
  submarine: [
    [BTC_ONCHAIN, BTC_LIGHTNING],
    [LBTC, BTC_LIGHTNING],
    [RBTC, BTC_LIGHTNING],
  ],
  reverse: [
    [BTC_LIGHTNING, BTC_ONCHAIN],
    [BTC_LIGHTNING, LBTC],
    [BTC_LIGHTNING, RBTC],
  ],
  chain: [
    [BTC_ONCHAIN, LBTC],
    [LBTC, BTC_ONCHAIN],
    [BTC_ONCHAIN, RBTC],
    [RBTC, BTC_ONCHAIN],
    // Boltz serves these where it configures the RBTC/L-BTC pair (boltz-backend docs/boltz.conf: chain swaps only).
    [LBTC, RBTC],
    [RBTC, LBTC],
  ],
};

export abstract class BoltzSwapMechanism<K extends SwapKind> {
  readonly id: (typeof MECHANISM_OF)[K];

  constructor(private readonly kind: K) {
    this.id = MECHANISM_OF[kind];
  }

  pairs(): { from: AssetRef; to: AssetRef }[] {
    return PAIRS[this.kind].map(([from, to]) => ({ from, to }));
  }

  /** The reasons quoteBoltz gives before it asks Boltz anything. */
  serviceMissing(ctx: HopContext, from: AssetRef, to: AssetRef): string | LocalText | null {
    const missing = boltzRouteMissing(ctx, from, to);
    if (missing) return missing;
    return from.layer === 'rootstock' || to.layer === 'rootstock' ? etherSwapUnpinned(ctx) : null;
  }

  quote(ctx: HopContext, from: AssetRef, to: AssetRef, amount: bigint): Promise<RouteQuote<(typeof MECHANISM_OF)[K]>> {
    return quoteBoltz(ctx, this.kind, from, to, amount);
  }

  /** What creating a swap starts from: the quote's terms, the Boltz they came from, the hop's key. */
  protected start<T extends { boltz: string }>(ctx: HopContext, quote: { terms?: T }, index: number) {
    const terms = termsOf(quote);
    return { terms, api: boltzApi(ctx, terms.boltz), key: ctx.keys.at(index) };
  }

  /** Until when Boltz's lockup is ours to claim (reverse and chain swaps; refund-state.ts). */
  readonly deadline = boltzDeadline;

  /** A profile's first swap with a Boltz waits for the key index sync (restore.ts). */
  readonly beforeIndex = beforeBoltzIndex;

  /** A plan offering a route through a Boltz starts that sync, so the start usually finds it done (index-sync.ts). */
  readonly prepareIndex = prepareBoltzIndex;

  /** Swaps Boltz knows for this seed that this profile lacks (one function for the three kinds: the engine runs it once). */
  readonly restore = restoreBoltzHops;
}
