/**
 * Popup interactions shared by the Chromium (Playwright) and Firefox (Puppeteer)
 * tests, written against data-testid hooks through a four-verb driver.
 */
import type { Page as PlaywrightPage } from 'playwright-core';
import type { ElementHandle, MouseClickOptions, Page as PuppeteerPage } from 'puppeteer-core';

export const PASSWORD = 'Correct-Horse-42';
export const ABANDON = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';

export interface Driver {
  click(selector: string): Promise<void>;
  fill(selector: string, value: string): Promise<void>;
  waitFor(selector: string, timeoutMs?: number): Promise<void>;
  /** Text of every match (trimmed). */
  texts(selector: string): Promise<string[]>;
  /** The attribute of every match. */
  attrs(selector: string, name: string): Promise<string[]>;
  select(selector: string, value: string): Promise<void>;
}

/**
 * Runs in the page: the screens shown, what it shows of the element a selector waits for
 * (the same data-testid, whatever its other attributes), every error on screen and the refresh state.
 */
function pageStateFor(selector: string): string {
  const id = /data-testid=["']?([\w-]+)/.exec(selector)?.[1];
  const same = id ? [...document.querySelectorAll(`[data-testid="${id}"]`)].slice(0, 5).map((e) => e.outerHTML.slice(0, 400)) : [];
  const errors = [...document.querySelectorAll('[data-testid=error], [role=alert]')].map((e) => (e.textContent ?? '').trim());
  // A layer screen's "refreshing" or "up to date": a refresh still running, or one that ended.
  const refresh = document.querySelector('[data-testid=refresh-state]')?.textContent?.trim();
  // Which screen is up (Home, a layer's overview, its Receive panel …): a click that landed elsewhere shows here.
  const screens = [...document.querySelectorAll('.screen')].map((e) => e.getAttribute('data-testid') ?? e.className);
  return JSON.stringify({ at: location.pathname + location.hash, screens, [id ?? selector]: same, errors, refresh });
}

/** How long a timed-out wait gives the page to say what it shows: a hung renderer must not take the wait's own error with it. */
const PAGE_STATE_MS = 5_000;

/**
 * Waits for `wait`; a timeout is told with what the page showed instead (`state` runs
 * pageStateFor in it): a CI run keeps nothing else of the page.
 */
async function waitTellingPageState(wait: Promise<unknown>, state: () => Promise<string>): Promise<void> {
  try {
    await wait;
  } catch (err) {
    if (!(err instanceof Error)) throw err;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<string>((resolve) => (timer = setTimeout(() => resolve(`(not readable: no answer in ${PAGE_STATE_MS} ms)`), PAGE_STATE_MS)));
    const shown = await Promise.race([state().catch((e: unknown) => `(not readable: ${String(e)})`), late]);
    clearTimeout(timer);
    err.message += `\n  the page shows: ${shown}`;
    throw err;
  }
}

export function playwrightDriver(page: PlaywrightPage): Driver {
  return {
    click: (s) => page.click(s),
    fill: (s, v) => page.fill(s, v),
    waitFor: async (s, timeout = 15_000) => {
      await waitTellingPageState(page.waitForSelector(s, { timeout }), () => page.evaluate(pageStateFor, s));
    },
    texts: (s) => page.$$eval(s, (els) => els.map((e) => (e.textContent ?? '').trim())),
    attrs: (s, n) => page.$$eval(s, (els, name) => els.map((e) => e.getAttribute(name) ?? ''), n),
    select: async (s, v) => {
      await page.selectOption(s, v);
    },
  };
}

/**
 * A click aimed at the element where it lies when Firefox dispatches it (WebDriver BiDi's
 * element origin), not at a point puppeteer read a round trip earlier (`page.click`): Home's
 * rows grow as balances arrive, and on a loaded machine a point read before a row grew
 * lands on whatever moved under it (a CI run's click on Open missed that way).
 */
export async function clickWhereItIsNow(page: PuppeteerPage, el: ElementHandle): Promise<void> {
  // The element origin aims at the element's in-view centre, so it must be in view first.
  if (!(await el.isIntersectingViewport({ threshold: 1 }))) await el.scrollIntoView();
  // puppeteer's BiDi handle carries the node's shared id, and its mouse passes `origin` through to
  // input.performActions. Should it stop passing it, the click would go to the page's corner:
  // firefox-driver-click.test.ts would fail then, as every flow's next wait would.
  const handle = el as unknown as { remoteValue?: () => { sharedId?: string } };
  const sharedId = typeof handle.remoteValue === 'function' ? handle.remoteValue().sharedId : undefined;
  if (!sharedId) throw new Error('clickWhereItIsNow: the handle carries no BiDi shared id (not a node of a BiDi page, or puppeteer changed)');
  // Only the move aims at the element; press and release follow at its point a moment later in Firefox itself.
  await page.mouse.click(0, 0, { origin: { type: 'element', element: { sharedId } } } as MouseClickOptions);
}

/**
 * Puppeteer over BiDi on firefox-esr 140: a Locator's click and fill wait for the element
 * to be "stable" and never see it so (they time out on a plain visible button), so wait
 * for the element, then click it where it lies (clickWhereItIsNow) or set its value and
 * fire `input` as typing does.
 */
export function puppeteerDriver(page: PuppeteerPage): Driver {
  return {
    click: async (s) => {
      for (let attempt = 1; ; attempt++) {
        const el = await page.waitForSelector(s, { visible: true });
        try {
          return await clickWhereItIsNow(page, el!);
        } catch (err) {
          // Replaced by a re-render, or moved out of view, after it was found (Firefox: "move target out of
          // bounds … is not displayed", or "no such node" once it is gone): the move failed, nothing was
          // pressed, so find it again, once.
          if (attempt > 1 || !/detached|no such node|move target out of bounds/i.test(String(err))) throw err;
        }
      }
    },
    fill: async (s, v) => {
      const el = await page.waitForSelector(s, { visible: true });
      await el!.evaluate((input, value) => {
        (input as HTMLInputElement).value = value;
        input.dispatchEvent(new Event('input', { bubbles: true }));
      }, v);
    },
    waitFor: async (s, timeout = 15_000) => {
      await waitTellingPageState(page.waitForSelector(s, { timeout }), () => page.evaluate(pageStateFor, s));
    },
    texts: (s) => page.$$eval(s, (els) => els.map((e) => (e.textContent ?? '').trim())),
    attrs: (s, n) => page.$$eval(s, (els, name) => els.map((e) => e.getAttribute(name) ?? ''), n),
    select: async (s, v) => {
      await page.select(s, v);
    },
  };
}

export async function createWalletThroughPopup(d: Driver, password = PASSWORD): Promise<string[]> {
  await d.click('[data-testid=start-create]');
  await d.click('[data-testid=words-12]');
  await d.waitFor('[data-testid=phrase-words]');
  const words = await d.texts('[data-testid=phrase-words] li');
  await d.click('[data-testid=phrase-written]');
  await d.waitFor('[data-testid=confirm-phrase]');
  const positions = (await d.attrs('[data-testid^=confirm-word-]', 'data-testid')).map((id) => Number(id.replace('confirm-word-', '')));
  // A wrong answer first: the background must refuse it.
  const first = positions[0]!;
  const wrongWord = words.find((w) => w !== words[first - 1])!;
  await d.fill(`[data-testid=confirm-word-${first}]`, wrongWord);
  for (const p of positions.slice(1)) await d.fill(`[data-testid=confirm-word-${p}]`, words[p - 1]!);
  await d.click('[data-testid=confirm-submit]');
  await d.waitFor('[data-testid=error]');
  for (const p of positions) await d.fill(`[data-testid=confirm-word-${p}]`, words[p - 1]!);
  await d.click('[data-testid=confirm-submit]');
  await d.waitFor('[data-testid=set-password]');
  await d.fill('[data-testid=new-password]', password);
  await d.fill('[data-testid=repeat-password]', password);
  await d.click('[data-testid=password-submit]');
  await d.waitFor('[data-testid=layers]', 30_000);
  return words;
}

export async function importWalletThroughPopup(d: Driver, phrase = ABANDON, password = PASSWORD): Promise<void> {
  await d.click('[data-testid=start-import]');
  await d.fill('[data-testid=import-mnemonic]', phrase);
  await d.fill('[data-testid=new-password]', password);
  await d.fill('[data-testid=repeat-password]', password);
  await d.click('[data-testid=import-submit]');
  await d.waitFor('[data-testid=layers]', 30_000);
}

export async function readAddresses(d: Driver): Promise<Record<string, string>> {
  await d.waitFor('[data-testid=address-rootstock]');
  const ids = await d.attrs('[data-testid^=address-]', 'data-testid');
  const values = await d.texts('[data-testid^=address-]');
  return Object.fromEntries(ids.map((id, i) => [id.replace('address-', ''), values[i]!]));
}

/** The five receive addresses (or identity) look like what each testnet expects. */
export const ADDRESS_SHAPES: Record<string, RegExp> = {
  bitcoin: /^tb1q[02-9ac-hj-np-z]{38}$/,
  lightning: /^0[23][0-9a-f]{64}$/,
  // c32 of a version byte's hash160 and checksum: 37 characters when the hash starts 0x01 or 0x00 (about 1 in 128 phrases), else 38 or 39.
  stacks: /^ST[0-9A-HJKMNP-TV-Z]{37,39}$/,
  liquid: /^tlq1qq[02-9ac-hj-np-z]{90,}$/,
  rootstock: /^0x[0-9a-fA-F]{40}$/,
};

/** Moves: the form filled in and routes asked for (a Lightning destination when moving to Lightning). */
export async function planMove(d: Driver, from: string, to: string, amount: string, destination?: string): Promise<void> {
  await d.click('[data-testid=nav-move]');
  await d.waitFor('[data-testid=move-form]');
  await d.select('[data-testid=move-from]', from);
  await d.select('[data-testid=move-to]', to);
  await d.fill('[data-testid=move-amount]', amount);
  if (destination !== undefined) await d.fill('[data-testid=move-destination]', destination);
  await d.click('[data-testid=move-plan]');
  await d.waitFor('[data-testid=routes]', 60_000);
}

export interface ChainedRouteReview {
  quoteId: string;
  available: boolean;
  /** Why it cannot be used (empty when it can). */
  reason: string;
  /** `layer:asset` of each asset on the path, first to last. */
  path: string[];
  pathText: string;
  legs: { mechanism: string; counterparty: string; send: bigint; receive: bigint }[];
  send: bigint;
  receive: bigint;
  minReceive: bigint;
  costBps: number;
  /** The cost as shown, e.g. "1.23 % of the amount". */
  costText: string;
  worstCase: string[];
}

const first = async (p: Promise<string[]>) => (await p)[0] ?? '';
const amountAt = async (d: Driver, selector: string) => BigInt((await first(d.attrs(selector, 'data-value'))) || '0');

/** Every chained route the Move screen lists, as its review shows it (amounts from the data-value of each Amount). */
export async function readChainedRoutes(d: Driver): Promise<ChainedRouteReview[]> {
  const ids = await d.attrs('[data-testid=route-chained]', 'data-quote-id');
  const out: ChainedRouteReview[] = [];
  for (const quoteId of ids) {
    const card = `[data-testid=route-chained][data-quote-id="${quoteId}"]`;
    const mechanisms = await d.attrs(`${card} [data-testid^=chain-leg-]`, 'data-mechanism');
    const legs = [];
    for (let i = 0; i < mechanisms.length; i++) {
      const leg = `${card} [data-testid=chain-leg-${i}]`;
      legs.push({
        mechanism: mechanisms[i]!,
        counterparty: await first(d.texts(`${leg} [data-testid=leg-counterparty]`)),
        send: await amountAt(d, `${leg} [data-testid=leg-send]`),
        receive: await amountAt(d, `${leg} [data-testid=leg-receive]`),
      });
    }
    out.push({
      quoteId,
      available: (await first(d.attrs(card, 'data-available'))) === 'true',
      reason: await first(d.texts(`${card} [data-testid=route-reason]`)),
      path: (await first(d.attrs(`${card} [data-testid=chain-path]`, 'data-path'))).split(' ').filter(Boolean),
      pathText: await first(d.texts(`${card} [data-testid=chain-path]`)),
      legs,
      send: await amountAt(d, `${card} [data-testid=route-send]`),
      receive: await amountAt(d, `${card} [data-testid=route-receive]`),
      minReceive: await amountAt(d, `${card} [data-testid=chain-min-receive]`),
      costBps: Number(await first(d.attrs(`${card} [data-testid=chain-cost]`, 'data-bps'))),
      costText: await first(d.texts(`${card} [data-testid=chain-cost]`)),
      worstCase: await d.texts(`${card} [data-testid=chain-worst] li`),
    });
  }
  return out;
}

/** Confirms a chained route by its quote id; resolves with the new chain's id once its progress shows. */
export async function startChainedRoute(d: Driver, quoteId: string): Promise<string> {
  await d.click(`[data-testid=route-chained][data-quote-id="${quoteId}"] [data-testid=route-choose]`);
  await d.waitFor('[data-testid=chain-progress]', 60_000);
  return first(d.attrs('[data-testid=chain-progress]', 'data-chain-id'));
}

export interface ChainProgressView {
  id: string;
  status: string;
  current: number;
  legs: { outcome: string; hopId: string; counterparty: string }[];
  /** The stop or failure reason as shown (empty when none). */
  reason: string;
  /** Where the funds are, when the chain says so: `layer:asset` and the amount (empty when not given). */
  held?: { asset: string; amount: string };
}

/** The open chain's progress page as shown. */
export async function readChainProgress(d: Driver): Promise<ChainProgressView> {
  const page = '[data-testid=chain-progress]';
  await d.waitFor(page);
  // The legs of the chain itself, not those of a re-quoted route shown on the same page.
  const legs = `${page} [data-testid=chain-progress-legs] > [data-testid^=chain-leg-]`;
  const outcomes = await d.attrs(legs, 'data-outcome');
  const hopIds = await d.attrs(legs, 'data-hop-id');
  const parties = await d.texts(`${legs} [data-testid=leg-counterparty]`);
  const heldAsset = await d.attrs(`${page} [data-testid=chain-held]`, 'data-asset');
  return {
    id: await first(d.attrs(page, 'data-chain-id')),
    status: await first(d.attrs(page, 'data-status')),
    current: Number(await first(d.attrs(page, 'data-current'))),
    legs: outcomes.map((outcome, i) => ({ outcome, hopId: hopIds[i] ?? '', counterparty: parties[i] ?? '' })),
    reason: await first(d.texts(`${page} [data-testid=chain-reason]`)),
    ...(heldAsset.length ? { held: { asset: heldAsset[0]!, amount: await first(d.attrs(`${page} [data-testid=chain-held]`, 'data-amount')) } } : {}),
  };
}

/** Waits until the open chain shows `status` (running, stopped, completed, failed, left). */
export async function waitForChainStatus(d: Driver, status: string, timeoutMs = 120_000): Promise<void> {
  await d.waitFor(`[data-testid=chain-progress][data-status=${status}]`, timeoutMs);
}

/** Opens a chain from the Move screen's lists. */
export async function openChain(d: Driver, chainId: string): Promise<void> {
  await d.click('[data-testid=nav-move]');
  await d.click(`[data-testid=chain-${chainId}] [data-testid=chain-open]`);
  await d.waitFor(`[data-testid=chain-progress][data-chain-id="${chainId}"]`);
}

/** A stopped chain: "Continue (re-quote)"; resolves with the new route's quote id, mechanism, what it delivers and whether it is below the accepted minimum. */
export async function requoteChain(d: Driver): Promise<{ quoteId: string; mechanism: string; receive: bigint; belowMin: boolean }> {
  await d.click('[data-testid=chain-continue]');
  await d.waitFor('[data-testid=chain-requote] [data-quote-id]', 60_000);
  const card = '[data-testid=chain-requote] [data-quote-id]';
  const testId = await first(d.attrs(card, 'data-testid'));
  return {
    quoteId: await first(d.attrs(card, 'data-quote-id')),
    mechanism: testId.replace(/^route-/, ''),
    receive: await amountAt(d, `${card} [data-testid=route-receive]`),
    belowMin: (await d.attrs('[data-testid=chain-below-min]', 'class')).length > 0,
  };
}

/** Confirms the re-quoted route; the chain goes on (its status leaves 'stopped'). */
export async function continueChain(d: Driver): Promise<void> {
  await d.click('[data-testid=chain-requote] [data-testid=route-choose]');
  await d.waitFor('[data-testid=chain-progress]:not([data-status=stopped])', 60_000);
}

/** "Leave them there", confirmed; resolves once the chain shows 'left'. */
export async function leaveChain(d: Driver): Promise<void> {
  await d.click('[data-testid=chain-leave]');
  await d.click('[data-testid=chain-leave-confirm]');
  await waitForChainStatus(d, 'left', 30_000);
}

/** The route matrix, unfolded: each cell's pair (`layer:asset`), kind and what it says on hover. */
export async function readRouteMatrix(d: Driver): Promise<{ from: string; to: string; kind: string; text: string }[]> {
  await d.waitFor('[data-testid=matrix-toggle]');
  if ((await first(d.attrs('[data-testid=matrix-toggle]', 'aria-expanded'))) !== 'true') await d.click('[data-testid=matrix-toggle]');
  await d.waitFor('[data-testid=route-matrix]', 30_000);
  const cell = '[data-testid=matrix-cell]';
  const [froms, tos, kinds, texts] = await Promise.all([d.attrs(cell, 'data-from'), d.attrs(cell, 'data-to'), d.attrs(cell, 'data-kind'), d.attrs(cell, 'title')]);
  return froms.map((from, i) => ({ from, to: tos[i]!, kind: kinds[i]!, text: texts[i]! }));
}

/** The Move screen's lists: chains (by id, with status) and hops shown on their own (a chain's legs must not be among them). */
export async function readMoveLists(d: Driver): Promise<{ chains: { id: string; status: string }[]; hops: string[] }> {
  await d.waitFor('[data-testid=move-screen]');
  const chainIds = await d.attrs('[data-testid=move-screen] li[data-testid^=chain-][data-status]', 'data-testid');
  const statuses = await d.attrs('[data-testid=move-screen] li[data-testid^=chain-][data-status]', 'data-status');
  const hops = await d.attrs('[data-testid=move-screen] li[data-testid^=hop-][data-outcome]', 'data-testid');
  return { chains: chainIds.map((id, i) => ({ id: id.replace(/^chain-/, ''), status: statuses[i]! })), hops: hops.map((id) => id.replace(/^hop-/, '')) };
}
