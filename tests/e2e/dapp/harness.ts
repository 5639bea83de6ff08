/**
 * Finding and answering the approval window in E2E tests.
 * Chromium (playwright): the window the background opens is a page of the context.
 * Firefox (puppeteer over BiDi): its cached url reads about:blank, so each page is asked its location.
 */
import type { BrowserContext, Page } from 'playwright-core';
import type { Browser as PuppeteerBrowser, Page as PuppeteerPage } from 'puppeteer-core';
import { clickWhereItIsNow } from '../popup-flows';

const isApproval = (url: string) => url.includes('popup.html') && url.includes('view=approve');

/** The approval window once it has opened (Chromium). */
export async function approvalWindow(context: BrowserContext, timeout = 30_000): Promise<Page> {
  const open = context.pages().find((p) => isApproval(p.url()));
  const page = open ?? (await context.waitForEvent('page', { predicate: (p) => isApproval(p.url()), timeout }));
  await page.waitForLoadState('domcontentloaded');
  return page;
}

/** Whether an approval window is open now (Chromium). */
export function hasApprovalWindow(context: BrowserContext): boolean {
  return context.pages().some((p) => isApproval(p.url()));
}

/**
 * Waits for the request to be shown and approves it; resolves with what the window showed
 * once the window moved on (closed itself, or shows the next request), so that a later
 * `approvalWindow` never finds this one on its way out.
 */
export async function approve(page: Page): Promise<{ origin: string; network: string }> {
  return decide(page, 'approve-button');
}

export async function reject(page: Page): Promise<{ origin: string; network: string }> {
  return decide(page, 'reject-button');
}

async function decide(page: Page, button: string): Promise<{ origin: string; network: string }> {
  await page.getByTestId(button).waitFor();
  const shown = { origin: (await page.getByTestId('approve-origin').textContent())!.trim(), network: (await page.getByTestId('approve-network').textContent())!.trim() };
  const id = await page.getByTestId('approve').getAttribute('data-id');
  const closed = page.waitForEvent('close', { timeout: 60_000 });
  await clickThatMayCloseWindow(page, button);
  await Promise.race([
    closed,
    page.waitForFunction((was) => document.querySelector('[data-testid=approve]')?.getAttribute('data-id') !== was, id, { timeout: 60_000 }),
  ]).catch((err) => {
    if (!page.isClosed()) throw err;
  });
  closed.catch(() => undefined);
  return shown;
}

/** Each click's binding gets a name of its own: Playwright refuses to expose one name twice on a page. */
let clickBindings = 0;

/**
 * Clicks the button `testId` of a window its click may close. Playwright can hear of the close
 * before its answer to the click, and then rejects a click that was made (CI90, where the run took
 * twice its usual time; three busy loops beside a popup that closes on click: 2 of 60 clicks). That
 * rejection is let pass only when the button's click event is known to have fired (a binding
 * the page calls, in the capture phase, before the window's own handler) and the window is
 * closed: a window that closed by itself, which rejects a request as Reject does, still fails.
 */
export async function clickThatMayCloseWindow(page: Page, testId: string): Promise<void> {
  const button = page.getByTestId(testId);
  await button.click({ trial: true }); // enabled: the approval window arms its buttons a moment after it shows a request
  let landed = false;
  const binding = `__layerhopClicked${++clickBindings}`;
  await page.exposeFunction(binding, () => {
    landed = true;
  });
  await page.evaluate(
    ([name, id]) =>
      document.addEventListener(
        'click',
        (event) => {
          if (event.target instanceof Element && event.target.closest(`[data-testid="${id}"]`)) (window as unknown as Record<string, () => void>)[name]!();
        },
        true,
      ),
    [binding, testId] as const,
  );
  await button.click().catch((err: unknown) => {
    if (!(landed && page.isClosed())) throw err;
  });
}

/** Unlocks in the approval window (the wallet was locked when the request came). */
export async function unlockInWindow(page: Page, password: string): Promise<void> {
  await page.getByTestId('unlock-password').fill(password);
  await page.getByTestId('unlock-submit').click();
}

/** The JSON a test dApp page wrote under `<testId>-result` once it is there (see pages/ui.ts). */
export async function pageResult(page: Page, testId: string, timeout = 60_000): Promise<{ result?: unknown; error?: { code: number | null; message: string; data: unknown } }> {
  const out = page.getByTestId(`${testId}-result`);
  await page.waitForFunction((id) => (document.querySelector(`[data-testid="${id}-result"]`)?.textContent ?? '') !== '', testId, { timeout });
  return JSON.parse((await out.textContent())!);
}

/** The approval window (Firefox). */
export async function approvalWindowFirefox(browser: PuppeteerBrowser, timeout = 30_000): Promise<PuppeteerPage> {
  const deadline = Date.now() + timeout;
  while (Date.now() < deadline) {
    for (const page of await browser.pages()) {
      // One that answered its last request closes itself: not the one to look at.
      if (page.isClosed()) continue;
      const href = await page.evaluate(() => location.href).catch(() => '');
      if (isApproval(href)) return page;
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error('the approval window did not open');
}

/** Approves the request shown (Firefox), and returns once the window moved on (closed, or the next request). */
export async function approveFirefox(page: PuppeteerPage): Promise<void> {
  await decideFirefox(page, 'approve-button');
}

export async function rejectFirefox(page: PuppeteerPage): Promise<void> {
  await decideFirefox(page, 'reject-button');
}

async function decideFirefox(page: PuppeteerPage, button: string): Promise<void> {
  // Buttons take clicks a moment after a request shows (ApproveWindow's ARM_MS); puppeteer's click does not wait.
  const target = (await page.waitForSelector(`[data-testid="${button}"]:not([disabled])`))!;
  const shownId = () => page.evaluate(() => document.querySelector('[data-testid=approve]')?.getAttribute('data-id') ?? null);
  const id = await shownId();
  await clickWhereItIsNow(page, target);
  // waitForFunction compiles its argument with Function(), which an extension page's CSP blocks: read the DOM instead.
  // With a plain evaluate, not $eval: on a window that has just closed, $eval's handle transfer leaves
  // puppeteer a "no such frame" rejection no one awaits; evaluate's reaches the catch below.
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (page.isClosed()) return;
    const now = await shownId().catch(() => null);
    if (now !== id) return;
    if (Date.now() > deadline) throw new Error('the approval window did not move on');
    await new Promise((r) => setTimeout(r, 100));
  }
}
