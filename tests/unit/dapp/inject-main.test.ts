/**
 * The page script when the page got there first: a `layerhop` the page defined (and
 * froze) must not stop the families' providers from installing.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { PROVIDER_INSTALLERS } from '../../../src/inject/providers';

describe('page script', () => {
  afterEach(() => {
    PROVIDER_INSTALLERS.length = 0;
    vi.unstubAllGlobals();
    vi.resetModules();
  });

  it('installs every provider when window.layerhop is already taken and not configurable', async () => {
    const page = {
      location: { origin: 'https://app.example' },
      postMessage: () => undefined,
      addEventListener: () => undefined,
    };
    Object.defineProperty(page, 'layerhop', { value: 'the page’s own', writable: false, configurable: false });
    vi.stubGlobal('window', page);
    const installed: unknown[] = [];
    PROVIDER_INSTALLERS.push((_transport, win) => installed.push(win));
    await import('../../../src/inject/main');
    expect(installed).toEqual([page]);
    expect((page as unknown as { layerhop: unknown }).layerhop).toBe('the page’s own');
  });
});
