/**
 * The E2E harness's click on an approval window's button (tests/e2e/dapp/harness.ts), on a stand-in
 * for Playwright's page: the race it covers (Playwright hearing of the window's close before its
 * answer to the click) shows only on a loaded machine, 2 clicks in 60 beside three busy loops.
 */
import type { Page } from 'playwright-core';
import { describe, expect, it } from 'vitest';
import { clickThatMayCloseWindow } from '../../e2e/dapp/harness';

const CLOSED = new Error('locator.click: Target page, context or browser has been closed');

interface Window {
  closed: boolean;
  /** Whether the page's capture listener saw the click (it calls the exposed binding). */
  landed: boolean;
}

/**
 * A window whose button records each click. `onClick` says how the real click ends; it is
 * given `hear()`, which runs the binding the harness exposed, as the page's listener would.
 */
function fakeWindow(onClick: (w: Window, hear: () => void) => Promise<void>, trial: () => Promise<void> = async () => undefined) {
  const w: Window = { closed: false, landed: false };
  const bindings = new Map<string, () => void>();
  const clicks: string[] = [];
  const listening: unknown[] = [];
  const button = {
    click: async (options?: { trial?: boolean }) => {
      clicks.push(options?.trial ? 'trial' : 'click');
      if (options?.trial) return trial();
      return onClick(w, () => {
        w.landed = true;
        for (const f of bindings.values()) f();
      });
    },
  };
  const page = {
    isClosed: () => w.closed,
    getByTestId: (id: string) => (id === 'reject-button' ? button : null),
    exposeFunction: async (name: string, f: () => void) => {
      if (bindings.has(name)) throw new Error(`Function "${name}" has been already registered`);
      bindings.set(name, f);
    },
    evaluate: async (_f: unknown, args: unknown) => void listening.push(args),
  } as unknown as Page;
  return { w, page, clicks, listening };
}

describe('clicking a button that may close its window', () => {
  it('counts a click the page heard, whose window closed before Playwright answered it, as made', async () => {
    const f = fakeWindow(async (w, hear) => {
      hear();
      w.closed = true;
      throw CLOSED;
    });
    await expect(clickThatMayCloseWindow(f.page, 'reject-button')).resolves.toBeUndefined();
    expect(f.clicks).toEqual(['trial', 'click']);
    expect(f.listening).toEqual([[expect.stringMatching(/^__layerhopClicked\d+$/), 'reject-button']]);
  });

  it('fails when the window closed by itself, the click never heard (closing rejects a request as Reject does)', async () => {
    const f = fakeWindow(async (w) => {
      w.closed = true;
      throw CLOSED;
    });
    await expect(clickThatMayCloseWindow(f.page, 'reject-button')).rejects.toBe(CLOSED);
  });

  it('passes on a failed click while the window is still open, heard or not', async () => {
    const f = fakeWindow(async (_w, hear) => {
      hear();
      throw new Error('locator.click: Timeout 30000ms exceeded');
    });
    await expect(clickThatMayCloseWindow(f.page, 'reject-button')).rejects.toThrow('Timeout');
  });

  it('makes no click when the button never became clickable', async () => {
    const f = fakeWindow(
      async () => undefined,
      async () => {
        throw CLOSED;
      },
    );
    await expect(clickThatMayCloseWindow(f.page, 'reject-button')).rejects.toBe(CLOSED);
    expect(f.clicks).toEqual(['trial']);
  });

  it('resolves on a click that ends normally, and exposes a binding of its own each time', async () => {
    const f = fakeWindow(async (_w, hear) => hear());
    await clickThatMayCloseWindow(f.page, 'reject-button');
    await clickThatMayCloseWindow(f.page, 'reject-button');
    expect(f.clicks).toEqual(['trial', 'click', 'trial', 'click']);
    expect(new Set(f.listening.map((a) => (a as string[])[0])).size).toBe(2);
  });
});
