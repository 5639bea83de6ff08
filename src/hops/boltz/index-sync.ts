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
export async function syncBoltzIndex(ctx: HopContext, store: HopStore, url: string): Promise<void> {
  const key = answerKey(ctx, url);
  if (await store.indexSynced(indexSyncKey(url))) {
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
export function beforeBoltzIndex(ctx: HopContext, quote: RouteQuote<BoltzId>, store: HopStore): Promise<void> {
  return syncBoltzIndex(ctx, store, boltzOf(ctx, quote));
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
    if (await store.indexSynced(indexSyncKey(url))) return;
    const answer = askBoltz(ctx, store, boltzApi(ctx, url), key);
    try {
      await answer;
    } catch {
      drop(store, key, answer);
      return;
    }
    await store.creating(() => syncBoltzIndex(ctx, store, url));
  })().finally(() => {
    if (running.get(key) === run) running.delete(key);
  });
  running.set(key, run);
  return run;
}
