/**
 * One activity timeline across layers and moves: each layer's activity items and each
 * hop and chained move become entries of one shape, merged newest first and filtered
 * by layer. Pure (no I/O): the background merges, the popup filters.
 */
import type { ErrorShape } from './errors';
import type { ChainStatus, ChainView, HopOutcome, HopRecordView } from './hop-views';
import { hopAsset } from './hop-views';
import type { ActivityItem, ActivityStatus, LayerOverview } from './layer-views';
import type { LayerId } from './layers';
import type { AmountString } from './units';

export type TimelineKind = 'receive' | 'send' | 'self' | 'move';

/** A transaction's status as its layer says it; a move's from its hop outcome or chain status. */
export type TimelineStatus = ActivityStatus | Exclude<HopOutcome, 'in-progress'> | Exclude<ChainStatus, 'running' | 'failed' | 'completed'>;

export interface TimelineAmount {
  layer: LayerId;
  asset: string;
  symbol: string;
  decimals: number;
  amount: AmountString;
}

export interface TimelineEntry {
  /** Unique in a timeline: `tx:<layer>:<id>`, `hop:<id>` or `chain:<id>`. */
  key: string;
  kind: TimelineKind;
  /** Where it happened: a transaction's layer, or every layer a move crosses (from, via, to). */
  layers: LayerId[];
  /** A transaction's one amount; a move's sent, then what it delivers (or is expected to). */
  amounts: TimelineAmount[];
  status: TimelineStatus;
  /** ms since epoch: a transaction's block (or send) time, or when the wallet first saw it if earlier; a move's start. Absent while unknown. */
  time?: number;
  /** The layer's id of the item (txid, Lightning payment hash) or the move's id. */
  id: string;
  /** A transaction id to copy: the item's, or a move's first transaction. */
  txid?: string;
  /** Set only where the preset's explorer has a page for it. */
  explorerUrl?: string;
  /** The preset each layer of the entry was on (a move keeps the networks it was created on). */
  networks: Partial<Record<LayerId, string>>;
  /** A layer transaction that is a step of a move: that move's entry key. */
  partOf?: string;
}

/** A layer whose activity could not be read: its entries are missing, and the timeline says why. */
export interface TimelineGap {
  layer: LayerId;
  error: ErrorShape;
}

/** Where each layer's activity came from and how long its read took. */
export interface TimelineSource {
  layer: LayerId;
  from: 'cache' | 'fresh' | 'failed';
  ms: number;
}

export interface TimelineView {
  entries: TimelineEntry[];
  gaps: TimelineGap[];
  sources: TimelineSource[];
  /** Wall time of the whole answer in the background, ms. */
  wallMs: number;
}

const KIND_OF: Record<ActivityItem['direction'], TimelineKind> = { in: 'receive', out: 'send', self: 'self' };

/** Txids compare without 0x and case (Stacks and Rootstock write 0x, Bitcoin and Liquid do not). */
export function sameTxid(id: string): string {
  return id.toLowerCase().replace(/^0x/, '');
}

const TXID = /^(0x)?[0-9a-fA-F]{64}$/;

/** One layer's activity as entries (Lightning's ids are payment hashes: no txid). */
export function layerEntries(overview: LayerOverview): TimelineEntry[] {
  return overview.activity.map((a) => ({
    key: txEntryKey(overview.layer, a.id),
    kind: KIND_OF[a.direction],
    layers: [overview.layer],
    amounts: [{ layer: overview.layer, asset: a.asset, symbol: a.symbol, decimals: a.decimals, amount: a.amount }],
    status: a.status,
    ...(a.time !== undefined ? { time: a.time * 1000 } : {}),
    id: a.id,
    ...(overview.layer !== 'lightning' && TXID.test(a.id) ? { txid: a.id } : {}),
    ...(a.explorerUrl ? { explorerUrl: a.explorerUrl } : {}),
    networks: { [overview.layer]: overview.network },
  }));
}

function amountOf(ref: { layer: LayerId; asset: string }, amount: AmountString): TimelineAmount {
  const a = hopAsset(ref);
  return { layer: ref.layer, asset: ref.asset, symbol: a?.symbol ?? ref.asset, decimals: a?.decimals ?? 0, amount };
}

const HOP_STATUS: Record<HopOutcome, TimelineStatus> = { 'in-progress': 'pending', completed: 'completed', refunded: 'refunded', failed: 'failed', expired: 'expired' };
const CHAIN_STATUS: Record<ChainStatus, TimelineStatus> = { running: 'pending', stopped: 'stopped', completed: 'completed', failed: 'failed', left: 'left' };

function networksOf(network: Record<string, string>, layers: LayerId[]): Partial<Record<LayerId, string>> {
  return Object.fromEntries(layers.filter((l) => network[l] !== undefined).map((l) => [l, network[l]]));
}

/** A hop's first transaction (its funding, as a rule) and the step's explorer page. */
function firstTx(hop: HopRecordView): { txid?: string; explorerUrl?: string } {
  const step = hop.steps.find((s) => s.txid);
  return step ? { txid: step.txid, ...(step.explorerUrl ? { explorerUrl: step.explorerUrl } : {}) } : {};
}

function hopEntry(hop: HopRecordView): TimelineEntry {
  const layers = [...new Set([hop.from.layer, hop.to.layer])];
  return {
    key: `hop:${hop.id}`,
    kind: 'move',
    layers,
    amounts: [amountOf(hop.from, hop.send), amountOf(hop.to, hop.expectedReceive)],
    status: HOP_STATUS[hop.outcome] ?? 'pending',
    time: hop.createdAt,
    id: hop.id,
    ...firstTx(hop),
    networks: networksOf(hop.network, layers),
  };
}

function chainEntry(chain: ChainView, legs: HopRecordView[]): TimelineEntry {
  const layers = [...new Set([chain.from.layer, ...chain.legs.map((l) => l.to.layer)])];
  const first = legs.find((h) => h.leg === 0);
  return {
    key: `chain:${chain.id}`,
    kind: 'move',
    layers,
    amounts: [amountOf(chain.from, chain.send), amountOf(chain.to, chain.expectedReceive)],
    status: CHAIN_STATUS[chain.status] ?? 'pending',
    time: chain.createdAt,
    id: chain.id,
    ...(first ? firstTx(first) : {}),
    networks: networksOf(chain.network, layers),
  };
}

/**
 * Moves as entries: one per chained move (its legs' hops are its steps, not entries of
 * their own) and one per other hop. Also which entry each step transaction belongs to,
 * so a layer's transaction can say it is part of a move.
 */
export function moveEntries(hops: readonly HopRecordView[], chains: readonly ChainView[]): { entries: TimelineEntry[]; txOwner: Map<string, string> } {
  const chainIds = new Set(chains.map((c) => c.id));
  const legsOf = new Map<string, HopRecordView[]>();
  const entries: TimelineEntry[] = [];
  const txOwner = new Map<string, string>();
  for (const h of hops) {
    const inChain = h.chainId !== undefined && chainIds.has(h.chainId);
    if (inChain) legsOf.set(h.chainId!, [...(legsOf.get(h.chainId!) ?? []), h]);
    else entries.push(hopEntry(h));
    const owner = inChain ? `chain:${h.chainId}` : `hop:${h.id}`;
    for (const s of h.steps) if (s.txid && !txOwner.has(sameTxid(s.txid))) txOwner.set(sameTxid(s.txid), owner);
  }
  for (const c of chains) entries.push(chainEntry(c, legsOf.get(c.id) ?? []));
  return { entries, txOwner };
}

/** Newest first; an entry with no time yet (a transaction not in a block) counts as newest. Ties keep a fixed order. */
export function compareEntries(a: TimelineEntry, b: TimelineEntry): number {
  const ta = a.time ?? Number.POSITIVE_INFINITY;
  const tb = b.time ?? Number.POSITIVE_INFINITY;
  if (ta !== tb) return tb > ta ? 1 : -1;
  return a.key < b.key ? -1 : a.key > b.key ? 1 : 0;
}

/**
 * Every layer's entries and every move's, one list newest first. A layer transaction
 * that a move names as one of its steps stays listed (a counterparty's word cannot
 * hide a transaction) and says which move it is part of. An entry listed twice (same
 * key) is kept once.
 */
export function mergeTimeline(
  overviews: readonly LayerOverview[],
  hops: readonly HopRecordView[],
  chains: readonly ChainView[],
  firstSeen: ReadonlyMap<string, number> = new Map(),
): TimelineEntry[] {
  const moves = moveEntries(hops, chains);
  const listed = new Set<string>();
  const all: TimelineEntry[] = [];
  for (const e of [...overviews.flatMap(layerEntries), ...moves.entries]) {
    if (listed.has(e.key)) continue;
    listed.add(e.key);
    const owner = e.kind !== 'move' && e.txid ? moves.txOwner.get(sameTxid(e.txid)) : undefined;
    all.push(dated(owner ? { ...e, partOf: owner } : e, firstSeen.get(e.key)));
  }
  return all.sort(compareEntries);
}

/**
 * A transaction dated by its block, or by when the wallet first saw it if that is
 * earlier: block times run ahead of the clock (Bitcoin allows two hours; the devnet's
 * bcoin, mining fast at start, a minute), which would list an older receive above a
 * newer send of another layer. A pending transaction seen before is dated then.
 */
function dated(e: TimelineEntry, seenAt: number | undefined): TimelineEntry {
  if (e.kind === 'move' || seenAt === undefined || (e.time !== undefined && e.time <= seenAt)) return e;
  return { ...e, time: seenAt };
}

/** The key a layer's transaction has in the timeline (and in the first-seen record). */
export function txEntryKey(layer: LayerId, id: string): string {
  return `tx:${layer}:${id}`;
}

/** `all`, or the entries that touch `layer` (a move counts for every layer it crosses). */
export function filterTimeline(entries: readonly TimelineEntry[], layer: LayerId | 'all'): TimelineEntry[] {
  return layer === 'all' ? [...entries] : entries.filter((e) => e.layers.includes(layer));
}

/** Drops explorer links under `pageless` bases (explorers that serve no pages); the entry keeps its txid to copy. */
export function withoutPagelessLinks(entries: readonly TimelineEntry[], pageless: readonly string[]): TimelineEntry[] {
  const bases = pageless.map((b) => b.replace(/\/+$/, '') + '/');
  return entries.map((e) => {
    if (!e.explorerUrl || !bases.some((b) => e.explorerUrl!.startsWith(b))) return e;
    const { explorerUrl: _, ...rest } = e;
    return rest;
  });
}

