/**
 * The body of a move-journal entry: a chain and its legs' hop records. Writing is
 * plain JSON; reading checks every field, because whoever stores the journal may
 * serve garbage or replay an old copy: only a body whose every field has the
 * shape the wallet itself writes is adopted, and nothing in it is trusted beyond
 * naming what to look at on chain.
 */
import { hopAsset, type AssetRef, type ChainLegView, type ChainStatus, type HopOutcome } from '../../shared/hop-views';
import { LAYER_IDS } from '../../shared/layers';
import { isLocalText } from '../../shared/local-text';
import type { HopRecord } from '../types';
import type { ChainRecord } from './types';

export interface JournalBody {
  chain: ChainRecord;
  legs: HopRecord[];
}

const ID = /^[a-z0-9-]{1,80}$/;
const AMOUNT = /^\d{1,40}$/;
const STATUSES: readonly ChainStatus[] = ['running', 'stopped', 'completed', 'failed', 'left'];
const OUTCOMES: readonly HopOutcome[] = ['in-progress', 'completed', 'refunded', 'failed', 'expired'];
/** Far past any index a wallet reaches, below where derivation paths would go hardened. */
const MAX_INDEX = 2 ** 31 - 1;

type Obj = Record<string, unknown>;
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v);
const isTime = (v: unknown) => typeof v === 'number' && Number.isSafeInteger(v) && v >= 0;
const isAsset = (v: unknown): v is AssetRef => isObj(v) && typeof v.layer === 'string' && typeof v.asset === 'string' && !!hopAsset(v as unknown as AssetRef);
const isNetwork = (v: unknown) =>
  isObj(v) && Object.entries(v).every(([k, id]) => (LAYER_IDS as readonly string[]).includes(k) && typeof id === 'string' && ID.test(id));
const isAmount = (v: unknown): v is string => typeof v === 'string' && AMOUNT.test(v);

/**
 * A reason the runner writes: a `chainStopped_*` / `chainFailed_*` key whose parameters are short
 * strings, layer and mechanism names, or the keyed sentence a service or the wallet gave (a few
 * levels of keys and short strings; shown, never acted on).
 */
function isReason(v: unknown): boolean {
  if (!isObj(v) || typeof v.key !== 'string' || !/^chain(Stopped|Failed)_[A-Za-z]{1,40}$/.test(v.key)) return false;
  return v.params === undefined || (Array.isArray(v.params) && v.params.length <= 6 && v.params.every((p) => isParam(p, 0)));
}

const isParam = (p: unknown, depth: number): boolean =>
  (typeof p === 'string' && p.length <= 500) ||
  (depth < 3 &&
    isObj(p) &&
    typeof p.key === 'string' &&
    /^[A-Za-z0-9_]{1,60}$/.test(p.key) &&
    (p.params === undefined || (Array.isArray(p.params) && p.params.length <= 6 && p.params.every((q) => isParam(q, depth + 1)))));

const isRetries = (v: unknown, legs: number) => Array.isArray(v) && v.length === legs && v.every((r) => Number.isSafeInteger(r) && r >= 0 && r <= 1000);

const isHeld = (v: unknown) => isObj(v) && isAsset(v) && isAmount(v.amount);

function isLeg(v: unknown, known: (mechanism: string) => boolean): v is ChainLegView {
  return (
    isObj(v) &&
    isAsset(v.from) &&
    isAsset(v.to) &&
    typeof v.mechanism === 'string' &&
    known(v.mechanism) &&
    ((typeof v.counterparty === 'string' && v.counterparty.length <= 200) || (isLocalText(v.counterparty) && JSON.stringify(v.counterparty).length <= 400)) &&
    (v.hopId === undefined || (typeof v.hopId === 'string' && ID.test(v.hopId))) &&
    isAmount(v.send) &&
    isAmount(v.expectedReceive) &&
    (v.outcome === undefined || OUTCOMES.includes(v.outcome as HopOutcome))
  );
}

function isChain(v: unknown, known: (mechanism: string) => boolean): v is ChainRecord {
  if (!isObj(v) || typeof v.id !== 'string' || !ID.test(v.id) || !v.id.startsWith('chain-')) return false;
  if (!Array.isArray(v.legs) || v.legs.length < 2 || v.legs.length > 3 || !v.legs.every((l) => isLeg(l, known))) return false;
  const legs = v.legs as ChainLegView[];
  const connected = legs.every((l, i) => i === 0 || (l.from.layer === legs[i - 1]!.to.layer && l.from.asset === legs[i - 1]!.to.asset));
  return (
    connected &&
    isAsset(v.from) &&
    isAsset(v.to) &&
    v.from.layer === legs[0]!.from.layer &&
    v.from.asset === legs[0]!.from.asset &&
    v.to.layer === legs[legs.length - 1]!.to.layer &&
    v.to.asset === legs[legs.length - 1]!.to.asset &&
    isAmount(v.send) &&
    isAmount(v.expectedReceive) &&
    isAmount(v.minReceive) &&
    typeof v.current === 'number' &&
    Number.isSafeInteger(v.current) &&
    v.current >= 0 &&
    v.current < legs.length &&
    STATUSES.includes(v.status as ChainStatus) &&
    isNetwork(v.network) &&
    isTime(v.createdAt) &&
    isTime(v.updatedAt) &&
    (v.destination === undefined || (typeof v.destination === 'string' && v.destination.length <= 2000)) &&
    (v.reason === undefined || isReason(v.reason)) &&
    (v.heldOn === undefined || isHeld(v.heldOn)) &&
    (v.reserves === undefined || (Array.isArray(v.reserves) && v.reserves.length === legs.length && v.reserves.every(isAmount))) &&
    (v.retries === undefined || isRetries(v.retries, legs.length))
  );
}

function isHop(v: unknown, chainId: string, known: (mechanism: string) => boolean): v is HopRecord {
  return (
    isObj(v) &&
    typeof v.id === 'string' &&
    ID.test(v.id) &&
    typeof v.index === 'number' &&
    Number.isSafeInteger(v.index) &&
    v.index >= 0 &&
    v.index <= MAX_INDEX &&
    typeof v.mechanism === 'string' &&
    known(v.mechanism) &&
    isAsset(v.from) &&
    isAsset(v.to) &&
    isAmount(v.send) &&
    isAmount(v.expectedReceive) &&
    isNetwork(v.network) &&
    isTime(v.createdAt) &&
    isTime(v.updatedAt) &&
    typeof v.state === 'string' &&
    v.state.length <= 64 &&
    OUTCOMES.includes(v.outcome as HopOutcome) &&
    Array.isArray(v.steps) &&
    isObj(v.data) &&
    v.chainId === chainId &&
    typeof v.leg === 'number' &&
    Number.isSafeInteger(v.leg)
  );
}

/**
 * The body, checked, or why it is refused. `known` says whether this wallet has a
 * mechanism. Each leg hop must be the one its chain leg names (id, mechanism, assets).
 */
export function readJournalBody(body: unknown, known: (mechanism: string) => boolean): JournalBody | string {
  if (!isObj(body)) return 'not an object';
  if (!isChain(body.chain, known)) return 'the chain record does not have the shape this wallet writes';
  const chain = body.chain;
  if (!Array.isArray(body.legs) || body.legs.length > chain.legs.length) return 'the leg list does not match the chain';
  const legs: HopRecord[] = [];
  for (const hop of body.legs) {
    if (!isHop(hop, chain.id, known)) return 'a leg record does not have the shape this wallet writes';
    const leg = chain.legs[hop.leg!];
    if (!leg || leg.hopId !== hop.id || leg.mechanism !== hop.mechanism) return `leg record ${hop.id} is not the one its chain names`;
    if (leg.from.layer !== hop.from.layer || leg.from.asset !== hop.from.asset || leg.to.layer !== hop.to.layer || leg.to.asset !== hop.to.asset) {
      return `leg record ${hop.id} moves other assets than its chain leg`;
    }
    if (legs.some((l) => l.id === hop.id || l.leg === hop.leg || l.index === hop.index)) return 'two leg records share an id, a leg or a key index';
    legs.push(hop);
  }
  // The wallet writes a leg's hop before naming it on the chain: a named leg without its record is withheld or forged
  // (taken as not started, that leg could be funded again).
  if (chain.legs.some((l, i) => l.hopId !== undefined && !legs.some((h) => h.leg === i))) return 'the chain names a leg record the copy does not hold';
  return { chain, legs };
}
