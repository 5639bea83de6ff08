/** The popup's first paint: one storage.local read, no message to the worker. */
import { describe, expect, it, vi } from 'vitest';

const sendMessage = vi.fn();
const get = vi.fn();
vi.mock('webextension-polyfill', () => ({ default: { runtime: { sendMessage }, storage: { local: { get } } } }));

const { startCachedPortfolioRead, takeCachedPortfolio } = await import('../../../src/popup/cached-portfolio');
const { overviewCacheKey, portfolioKeys } = await import('../../../src/shared/portfolio-cache');

describe('cached portfolio read', () => {
  it('is one storage.local.get of every key it may need, started at script start and taken once', async () => {
    const stored = {
      settings: { hiddenLayers: ['stacks'], networks: { bitcoin: 'devnet' } },
      [overviewCacheKey('bitcoin', 'devnet')]: { layer: 'bitcoin', network: 'devnet', balances: [], activity: [], updatedAt: 1 },
    };
    get.mockResolvedValue(stored);
    startCachedPortfolioRead();
    startCachedPortfolioRead();
    await new Promise((r) => setTimeout(r, 0));
    const taken = takeCachedPortfolio();
    // Settled before Home took it: Home paints it in its first render.
    expect(taken.now?.shown).not.toContain('stacks');
    const first = await taken.later;
    expect(get).toHaveBeenCalledTimes(1);
    expect(get).toHaveBeenCalledWith(portfolioKeys());
    expect(sendMessage).not.toHaveBeenCalled();
    expect(first?.shown).not.toContain('stacks');
    expect(Object.keys(first!.overviews)).toEqual(['bitcoin']);
    // Home shown again reads afresh: settings may have changed meanwhile.
    const again = takeCachedPortfolio();
    expect(again.now).toBeUndefined();
    await again.later;
    expect(get).toHaveBeenCalledTimes(2);
  });

  it('gives nothing to paint when storage cannot be read', async () => {
    get.mockRejectedValueOnce(new Error('storage unavailable'));
    expect(await takeCachedPortfolio().later).toBeNull();
  });
});
