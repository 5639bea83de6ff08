/**
 * The key index sync with a Boltz: before a profile's first swap with it, the restore
 * (restore.ts) brings the key index past every index Boltz or EtherSwap shows this seed
 * used, so a new hop never takes a key (and preimage) an earlier one gave out.
 *
 * It used to start only when the swap was confirmed, and Boltz's scan of a page of keys
 * (POST /swap/restore) was then most of "confirm to funds committed". A plan that offers a
 * route through a Boltz now starts it (prepareBoltzIndex), so the start usually finds it
 * done, or waits for the same request. The early part asks Boltz outside HopStore.creating
 * (a slow Boltz holds up no other hop's creation) and applies the answer inside it, as the
 * start does; whoever applies it first marks the sync, and the other finds it marked.
 *
 * An answer is shared only while it is in flight or waiting for its turn: once a sync has
 * applied it, or it failed, it is dropped, so no answer is applied twice and a start after
 * a failed early request asks Boltz again (and refuses the hop if Boltz still cannot be asked).
 *
 * A sync no start has relied on yet (a plan's, or a restore the user asked for) is trusted
 * by a start only while fresh: swaps another device of the phrase made after it would be
 * missed, which the sync at the first start used to see. A plan renews an old one.
 */
import { WalletError } from '../../shared/errors';
import { localText } from '../../shared/local-text';
import type { HopContext } from '../mechanism';
import type { HopStore } from '../records';
import type { RouteQuote } from '../types';
import type { BoltzApi, RestorableSwap } from './api';
import { boltzApi, counterpartyOf } from './assets';
import { indexSyncKey, restoreAnswered } from './restore';
import type { BoltzId } from './shapes';
import { causeOf } from './verify';

/** How long a start trusts a sync no start relied on yet (a plan's quote is held two minutes: src/background/hops.ts). */
const UNSTARTED_SYNC_TRUSTED_MS = 5 * 60_000;
/** A plan renews a sync no start relied on yet once it is this old, so a start of the plan's quotes finds it trusted. */
const UNSTARTED_SYNC_RENEWED_MS = 2 * 60_000;

/** Noted when a start first relies on the sync with `url`: from then on it holds for good, as the first start's sync always did. */
function startedKey(url: string): string {
  return `${indexSyncKey(url)} started`;
}

/** Whether the sync with `url` holds: a start relied on it, or it is at most `freshMs` old. */
async function synced(ctx: HopContext, store: HopStore, url: string, freshMs: number): Promise<boolean> {
  const at = await store.indexSyncedAt(indexSyncKey(url));
  if (at === undefined) return false;
  return ctx.now() - at <= freshMs || (await store.indexSynced(startedKey(url)));
}

/** Boltz's restore answers not yet applied, per hop store, by Boltz and seed (answerKey). */
const answers = new WeakMap<HopStore, Map<string, Promise<RestorableSwap[]>>>();
/** Plan-time syncs running, per hop store, by Boltz and seed: one per Boltz however many routes a plan offers. */
const early = new WeakMap<HopStore, Map<string, Promise<void>>>();

function byStore<T>(maps: WeakMap<HopStore, Map<string, T>>, store: HopStore): Map<string, T> {
  let m = maps.get(store);
  if (!m) maps.set(store, (m = new Map()));
  return m;
}

/** One seed's answers never serve another's sync (a profile re-imported with another phrase). */
function answerKey(ctx: HopContext, url: string): string {
  return `${indexSyncKey(url)} ${ctx.keys.xpub}`;
}

/** Boltz's answer for this seed: the one not yet applied, else a new request. */
function askBoltz(ctx: HopContext, store: HopStore, api: BoltzApi, key: string): Promise<RestorableSwap[]> {
  const held = byStore(answers, store);
  let answer = held.get(key);
  if (!answer) {
    answer = api.restore(ctx.keys.xpub);
    // Its failure is reported by whoever awaits it.
    answer.catch(() => undefined);
    held.set(key, answer);
  }
  return answer;
}

function drop(store: HopStore, key: string, answer: Promise<RestorableSwap[]>): void {
  const held = answers.get(store);
  if (held?.get(key) === answer) held.delete(key);
}

/** The Boltz a quote was made with. */
function boltzOf(ctx: HopContext, quote: RouteQuote<BoltzId>): string {
  return typeof quote.terms?.boltz === 'string' ? quote.terms.boltz : boltzApi(ctx).http.baseUrl;
}

/**
 * Before the first hop with the Boltz at `url` on this profile (the caller holds
 * HopStore.creating): the restore, once, so the next key index is past every one this
 * seed used with it. A Boltz that cannot be asked refuses the hop.
 */
export async function syncBoltzIndex(ctx: HopContext, store: HopStore, url: string, freshMs = UNSTARTED_SYNC_TRUSTED_MS): Promise<void> {
  const key = answerKey(ctx, url);
  if (await synced(ctx, store, url, freshMs)) {
    // Synced otherwise meanwhile (a restore the user asked for): an answer held now is never to be applied.
    answers.get(store)?.delete(key);
    return;
  }
  const api = boltzApi(ctx, url);
  const askedEarly = byStore(answers, store).has(key);
  let answer = askBoltz(ctx, store, api, key);
  try {
    let swaps: RestorableSwap[];
    try {
      swaps = await answer;
    } catch (err) {
      if (!askedEarly) throw err;
      // A plan's request failed: this start asks once more before it refuses.
      drop(store, key, answer);
      answer = askBoltz(ctx, store, api, key);
      swaps = await answer;
    }
    await restoreAnswered(ctx, store, api, swaps);
  } catch (err) {
    if (err instanceof WalletError && err.code === 'locked') throw err;
    throw new WalletError('network_error', localText('err_boltz_index_sync_failed', counterpartyOf(url), causeOf(err, localText('err_route_unreachable'))));
  } finally {
    drop(store, key, answer);
  }
}

/** The Boltz mechanisms' beforeIndex: a profile's first swap with the quote's Boltz waits for the sync. */
export async function beforeBoltzIndex(ctx: HopContext, quote: RouteQuote<BoltzId>, store: HopStore): Promise<void> {
  const url = boltzOf(ctx, quote);
  await syncBoltzIndex(ctx, store, url);
  if (!(await store.indexSynced(startedKey(url)))) await store.markIndexSynced(startedKey(url), ctx.now());
}

/**
 * The Boltz mechanisms' prepareIndex: when a plan offers `quote`, the sync with its Boltz
 * starts (unless done), without waiting for the start. Boltz is asked first, outside
 * HopStore.creating; the answer is then applied inside it. A failed request is left to
 * the start, which asks again. Creates no hop and reserves no index; it may store the
 * swaps the restore finds, as the start's sync would.
 */
export async function prepareBoltzIndex(ctx: HopContext, quote: RouteQuote<BoltzId>, store: HopStore): Promise<void> {
  const url = boltzOf(ctx, quote);
  const key = answerKey(ctx, url);
  const running = byStore(early, store);
  const already = running.get(key);
  if (already) return already;
  const run = (async () => {
    if (await synced(ctx, store, url, UNSTARTED_SYNC_RENEWED_MS)) return;
    const answer = askBoltz(ctx, store, boltzApi(ctx, url), key);
    try {
      await answer;
    } catch {
      drop(store, key, answer);
      return;
    }
    await store.creating(() => syncBoltzIndex(ctx, store, url, UNSTARTED_SYNC_RENEWED_MS));
  })().finally(() => {
    if (running.get(key) === run) running.delete(key);
  });
  running.set(key, run);
  return run;
}
