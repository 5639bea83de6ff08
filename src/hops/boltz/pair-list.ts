/**
 * Boltz's pair lists, read and checked before a quote prices anything from them.
 * A list that cannot be had — no connection, no answer in time, an HTTP error, a web
 * page (a proxy's error page, a captive portal), JSON that is no pair list — is one
 * keyed sentence naming the host, so the route is left out in words before anything
 * is created, rather than offered and failing later.
 */
import { WalletError } from '../../shared/errors';
import { localText, type LocalText } from '../../shared/local-text';
import { BoltzHttpError, type BoltzApi, type ChainPair, type PairMap, type ReversePair, type SubmarinePair } from './api';
import { QUOTE_TIMEOUT_MS } from '../routes';
import type { SwapKind } from './shapes';

export type PairOf<K extends SwapKind> = K extends 'submarine' ? SubmarinePair : K extends 'reverse' ? ReversePair : ChainPair;

/** How long a pair list may take: less than the planner gives the whole quote (routes.ts). */
export const PAIRS_TIMEOUT_MS = QUOTE_TIMEOUT_MS - 2_000;

const PATHS: Record<SwapKind, string> = { submarine: '/swap/submarine', reverse: '/swap/reverse', chain: '/swap/chain' };

type Failure = { code: 'network_error' | 'timeout' | 'backend_error'; cause: string | LocalText };

/** Why a pair list could not be read, as words: the host and the cause. */
function unreadable(host: string, { code, cause }: Failure): WalletError {
  return new WalletError(code, localText('err_boltz_pairs', host, cause), host);
}

function causeOf(err: unknown): Failure {
  if (err instanceof BoltzHttpError) {
    // Boltz's own words when it gave some ({"error": …}); never a page of markup.
    const said = err.said?.slice(0, 200);
    return { code: 'backend_error', cause: said ? localText('hopText_boltzCause_statusSaid', String(err.status), said) : localText('hopText_boltzCause_status', String(err.status)) };
  }
  if (err instanceof WalletError && err.code === 'network_error') return { code: 'network_error', cause: localText('hopText_boltzCause_connect') };
  if (err instanceof WalletError && err.code === 'timeout') return { code: 'timeout', cause: err.text ?? localText('hopText_boltzCause_timeout', String(PAIRS_TIMEOUT_MS / 1000)) };
  if (err instanceof WalletError) return { code: 'backend_error', cause: err.text ?? err.message };
  return { code: 'backend_error', cause: localText('hopText_boltzCause_garbled') };
}

const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const isSats = (x: unknown) => typeof x === 'number' && Number.isSafeInteger(x) && x >= 0;

/** Whether `p` has every field a quote of this kind reads, as numbers it can use. */
function isPair(kind: SwapKind, p: unknown): boolean {
  if (!isRecord(p) || typeof p.hash !== 'string' || !isRecord(p.limits) || !isRecord(p.fees)) return false;
  if (!isSats(p.limits.minimal) || !isSats(p.limits.maximal) || typeof p.fees.percentage !== 'number') return false;
  const miner = p.fees.minerFees;
  if (kind === 'submarine') return isSats(miner);
  if (!isRecord(miner)) return false;
  if (kind === 'reverse') return isSats(miner.lockup) && isSats(miner.claim);
  return isSats(miner.server) && isRecord(miner.user) && isSats(miner.user.claim) && isSats(miner.user.lockup);
}

/**
 * Boltz's pair from `from` to `to` (its currency names) for a swap of `kind`, or
 * undefined when it serves no such pair. Throws one keyed WalletError naming the
 * host when the list cannot be read or is not a pair list.
 */
export async function readPair<K extends SwapKind>(api: BoltzApi, kind: K, from: string, to: string): Promise<PairOf<K> | undefined> {
  let list: unknown;
  let timer: ReturnType<typeof setTimeout> | undefined;
  // Within the planner's bound for the whole quote, so a Boltz that holds the connection is named too.
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new WalletError('timeout', localText('hopText_boltzCause_timeout', String(PAIRS_TIMEOUT_MS / 1000)))), PAIRS_TIMEOUT_MS);
  });
  const asked = api.pairList(PATHS[kind]);
  asked.catch(() => undefined);
  try {
    list = await Promise.race([asked, late]);
  } catch (err) {
    throw unreadable(api.host, causeOf(err));
  } finally {
    clearTimeout(timer);
  }
  const garbled = () => unreadable(api.host, { code: 'backend_error', cause: localText('hopText_boltzCause_garbled') });
  if (!isRecord(list) || !Object.values(list).every(isRecord)) throw garbled();
  const pair = (list as PairMap<unknown>)[from]?.[to];
  if (pair === undefined) return undefined;
  if (!isPair(kind, pair)) throw garbled();
  return pair as PairOf<K>;
}
