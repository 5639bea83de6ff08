/**
 * Pure helpers for chained moves on the Move screen: the path of assets a route or
 * chain takes, its cost as a percentage, which hops belong to which chain.
 * Amounts stay integer strings or bigint; nothing here goes through a float.
 */
import type { AssetRef, ChainedRouteFields, ChainLegView, ChainView, HopOutcome, HopRecordView, RouteView } from '../../../shared/hop-views';
import { CHAINED, hopAsset } from '../../../shared/hop-views';
import { localText, type LocalText } from '../../../shared/local-text';

/** A route the planner chained (legs and all), told apart from a direct one. */
export function isChainedRoute<R extends RouteView>(route: R): route is R & ChainedRouteFields {
  return route.mechanism === CHAINED && Array.isArray(route.legs) && route.legs.length > 0;
}

/** `from`/`to` of each leg, joined: [first from, each leg's to]; what really runs, rather than a summary of it. */
export function legsPath(legs: readonly { from: AssetRef; to: AssetRef }[]): AssetRef[] {
  return legs.length ? [legs[0]!.from, ...legs.map((l) => l.to)] : [];
}

export const assetKey = (a: { layer: string; asset: string }) => `${a.layer}:${a.asset}`;

/** A mechanism's name key: ids have dashes, locale keys underscores. */
export const mechanismKey = (mechanism: string) => `mechanism_${mechanism.replace(/-/g, '_')}`;

/** "Stacks · sBTC → Bitcoin · BTC → Lightning · sats", each asset by its layer's name and its symbol. */
export function pathLabel(path: readonly AssetRef[], translate: (key: string) => string): string {
  return path.map((a) => `${translate(`layer_${a.layer}`)} · ${hopAsset(a)?.symbol ?? a.asset}`).join(' → ');
}

/**
 * Basis points as a percentage with two decimals ("1.23" for 123), by integer
 * division. Undefined for a value that is not a whole number (nothing to show
 * rather than a made-up figure).
 */
export function costPercent(bps: number): string | undefined {
  if (!Number.isSafeInteger(bps)) return undefined;
  const b = BigInt(bps);
  const abs = b < 0n ? -b : b;
  return `${b < 0n ? '-' : ''}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
}

/**
 * Whether a re-quoted route delivers less than the least the chain's review
 * accepted (`minReceive`), compared only when it ends on the chain's own asset.
 */
export function belowMinReceive(route: Pick<RouteView, 'to' | 'receive'>, chain: Pick<ChainView, 'to' | 'minReceive'>): boolean {
  if (assetKey(route.to) !== assetKey(chain.to)) return false;
  return BigInt(route.receive) < BigInt(chain.minReceive);
}

export interface GroupedMoves {
  /** Hops that are no leg of a listed chain (a leg whose chain is not listed stays here, so it is never hidden). */
  single: HopRecordView[];
  /** Each listed chain's leg hops, by chain id, in leg order. */
  legs: Map<string, HopRecordView[]>;
}

/** Puts each leg hop under its chain, so a chained move is shown once. */
export function groupMoves(hops: readonly HopRecordView[], chains: readonly ChainView[]): GroupedMoves {
  const owner = new Map<string, string>();
  for (const c of chains) {
    for (const l of c.legs) if (l.hopId) owner.set(l.hopId, c.id);
  }
  const ids = new Set(chains.map((c) => c.id));
  const legs = new Map<string, HopRecordView[]>(chains.map((c) => [c.id, []]));
  const single: HopRecordView[] = [];
  for (const h of hops) {
    const chainId = h.chainId !== undefined && ids.has(h.chainId) ? h.chainId : owner.get(h.id);
    if (chainId === undefined) single.push(h);
    else legs.get(chainId)!.push(h);
  }
  for (const list of legs.values()) list.sort((a, b) => (a.leg ?? 0) - (b.leg ?? 0));
  return { single, legs };
}

/** The hop of leg `index`: by the id the chain names, else by its chain and leg stamps. */
export function legHop(chain: ChainView, index: number, hops: readonly HopRecordView[]): HopRecordView | undefined {
  const id = chain.legs[index]?.hopId;
  return hops.find((h) => (id !== undefined ? h.id === id : h.chainId === chain.id && h.leg === index));
}

/**
 * A leg's outcome from its hop record and the chain's copy, whichever has got
 * further: a hop never goes back to in progress, so an ended outcome is the newer
 * one. A leg with a hop whose record is not read yet is under way; without one,
 * not started.
 */
export function legOutcome(leg: ChainLegView, hop: HopRecordView | undefined): HopOutcome | 'waiting' {
  if (hop && hop.outcome !== 'in-progress') return hop.outcome;
  return leg.outcome ?? hop?.outcome ?? (leg.hopId !== undefined ? 'in-progress' : 'waiting');
}

/** The leg a chain is at: the one under way, stopped before or failed; none once completed or left. */
export function chainAtLeg(chain: Pick<ChainView, 'status' | 'current'>): number | undefined {
  return chain.status === 'completed' || chain.status === 'left' ? undefined : chain.current;
}

/** Running and stopped chains still need the user's eye (a stopped one waits for a decision). */
export const chainActive = (c: ChainView) => c.status === 'running' || c.status === 'stopped';

/**
 * Where a chain that is not moving has its funds, as a sentence (the amount, when
 * the chain names it, is shown beside it). Without the chain's own word the funds
 * are on the source layer of the leg it is at: the intermediate asset when a leg
 * could not start, where a failed leg's refund or reclaim returns.
 */
export function chainFunds(chain: ChainView): { text: LocalText; where: AssetRef; amount?: string } | undefined {
  if (chain.status === 'running' || chain.status === 'completed') return undefined;
  const held = chain.heldOn;
  const where = held ? { layer: held.layer, asset: held.asset } : chain.legs[chain.current]?.from;
  if (!where) return undefined;
  const layer = localText(`layer_${where.layer}`);
  const text =
    chain.status === 'left'
      ? localText('chainLeftOn', layer)
      : held || chain.status === 'stopped'
        ? localText('chainHeldOn', layer)
        : localText('chainFailedBackOn', String(chain.current + 1), layer, hopAsset(where)?.symbol ?? where.asset);
  return held ? { text, where, amount: held.amount } : { text, where };
}
