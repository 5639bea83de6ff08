/**
 * The popup's first paint comes from one storage.local read (settings, and every cached
 * overview and account view), started as the script starts, in parallel with the
 * lock-state request; no request that needs the worker's keys comes before it.
 */
import browser from 'webextension-polyfill';
import { pickPortfolio, portfolioKeys, type CachedPortfolio } from '../shared/portfolio-cache';

interface FirstRead {
  promise: Promise<CachedPortfolio | null>;
  /** Set once the read has settled, so the first Home can paint it in its first render. */
  done?: { value: CachedPortfolio | null };
}
let first: FirstRead | null = null;

function read(): Promise<CachedPortfolio | null> {
  // Unreadable storage paints nothing from cache: Home then waits for the worker.
  return browser.storage.local.get(portfolioKeys()).then(pickPortfolio, () => null);
}

/** Starts the read now (at script start), for the first Home to take. */
export function startCachedPortfolioRead(): void {
  if (first) return;
  const started: FirstRead = { promise: read() };
  void started.promise.then((value) => (started.done = { value }));
  first = started;
}

/**
 * The read started at script start, once: `now` if it has already settled, else `later`.
 * Later calls (Home shown again) read afresh, since settings may have changed.
 */
export function takeCachedPortfolio(): { now?: CachedPortfolio | null; later: Promise<CachedPortfolio | null> } {
  const taken = first;
  first = null;
  if (!taken) return { later: read() };
  return taken.done ? { now: taken.done.value, later: taken.promise } : { later: taken.promise };
}
