/**
 * The popup's first paint comes from one storage.local read (settings, and every cached
 * overview and account view), started as the script starts, in parallel with the
 * lock-state request; no request that needs the worker's keys comes before it.
 */
import browser from 'webextension-polyfill';
import { pickPortfolio, portfolioKeys, type CachedPortfolio } from '../shared/portfolio-cache';

let started: Promise<CachedPortfolio | null> | null = null;

function read(): Promise<CachedPortfolio | null> {
  // Unreadable storage paints nothing from cache: Home then waits for the worker.
  return browser.storage.local.get(portfolioKeys()).then(pickPortfolio, () => null);
}

/** Starts the read now (at script start), for the first Home to take. */
export function startCachedPortfolioRead(): void {
  started ??= read();
}

/** The read started at script start, once; later calls (Home shown again) read afresh, since settings may have changed. */
export function takeCachedPortfolio(): Promise<CachedPortfolio | null> {
  const p = started ?? read();
  started = null;
  return p;
}
