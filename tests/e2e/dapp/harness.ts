/**
 * Finding and answering the approval window in E2E tests.
 * Chromium (playwright): the window the background opens is a page of the context.
 * Firefox (puppeteer over BiDi): its cached url reads about:blank, so each page is asked its location.
 */
import type { BrowserContext, Page } from 'playwright-core';
import type { Browser as PuppeteerBrowser, Page as PuppeteerPage } from 'puppeteer-core';

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

/** Waits for the request to be shown and approves it; resolves with what the window showed. */
export async function approve(page: Page): Promise<{ origin: string; network: string }> {
  return decide(page, 'approve-button');
}

export async function reject(page: Page): Promise<{ origin: string; network: string }> {
  return decide(page, 'reject-button');
}

async function decide(page: Page, button: string): Promise<{ origin: string; network: string }> {
  await page.getByTestId(button).waitFor();
  const shown = { origin: (await page.getByTestId('approve-origin').textContent())!.trim(), network: (await page.getByTestId('approve-network').textContent())!.trim() };
  await page.getByTestId(button).click();
  return shown;
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

export async function approveFirefox(page: PuppeteerPage): Promise<void> {
  await (await page.waitForSelector('[data-testid="approve-button"]'))!.click();
}

export async function rejectFirefox(page: PuppeteerPage): Promise<void> {
  await (await page.waitForSelector('[data-testid="reject-button"]'))!.click();
}
