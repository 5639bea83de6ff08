/**
 * The E2E harness's click on an approval window's button (tests/e2e/dapp/harness.ts), on stand-ins
 * for Playwright's page and locator: the race it covers (Playwright hearing of the window's close
 * before its answer to the click) shows only on a loaded machine, 2 clicks in 60 beside three busy loops.
 */
import { describe, expect, it } from 'vitest';
import { clickThatMayCloseWindow } from '../../e2e/dapp/harness';

const CLOSED = new Error('locator.click: Target page, context or browser has been closed');

/** A window whose button records each click; `onClick` says how the real click ends. */
function window(onClick: (page: { closed: boolean }) => Promise<void>, trial: () => Promise<void> = async () => undefined) {
  const page = { closed: false, isClosed: () => page.closed };
  const clicks: string[] = [];
  const button = {
    click: async (options?: { trial?: boolean }) => {
      clicks.push(options?.trial ? 'trial' : 'click');
      return options?.trial ? trial() : onClick(page);
    },
  };
  return { page, button, clicks };
}

describe('clicking a button that may close its window', () => {
  it('counts a click whose window closed before Playwright answered it as made', async () => {
    const w = window(async (page) => {
      page.closed = true;
      throw CLOSED;
    });
    await expect(clickThatMayCloseWindow(w.page, w.button)).resolves.toBeUndefined();
    expect(w.clicks).toEqual(['trial', 'click']);
  });

  it('passes on a failed click while the window is still open', async () => {
    const w = window(async () => {
      throw new Error('locator.click: Timeout 30000ms exceeded');
    });
    await expect(clickThatMayCloseWindow(w.page, w.button)).rejects.toThrow('Timeout');
  });

  it('makes no click when the button never became clickable (the window closed on its own first)', async () => {
    const w = window(
      async () => undefined,
      async () => {
        throw CLOSED;
      },
    );
    w.page.closed = true;
    await expect(clickThatMayCloseWindow(w.page, w.button)).rejects.toBe(CLOSED);
    expect(w.clicks).toEqual(['trial']);
  });

  it('resolves on a click that ends normally', async () => {
    const w = window(async () => undefined);
    await expect(clickThatMayCloseWindow(w.page, w.button)).resolves.toBeUndefined();
    expect(w.clicks).toEqual(['trial', 'click']);
  });
});
