/** The popup's first paint: one storage.local read, no message to the worker. */
import { describe, expect, it, vi } from 'vitest';

const sendMessage = vi.fn();
const get = vi.fn();
vi.mock('webextension-polyfill', () => ({ default: { runtime: { sendMessage }, storage: { local: { get } } } }));

const { startCachedPortfolioRead, takeCachedPortfolio } = await import('../../../src/popup/cached-portfolio');
const { accountCacheKey, overviewCacheKey, portfolioKeys, WALLET_ID_STORAGE_KEY } = await import('../../../src/shared/portfolio-cache');
const { DEFAULT_NETWORKS } = await import('../../../src/shared/networks');

describe('cached portfolio read', () => {
  it('is one storage.local.get of every key it may need, started at script start and taken once', async () => {
    const stored = {
      settings: { hiddenLayers: ['stacks'], networks: { bitcoin: 'devnet' } },
      [WALLET_ID_STORAGE_KEY]: 'wallet-a',
      [overviewCacheKey('bitcoin', 'devnet')]: { layer: 'bitcoin', network: 'devnet', balances: [], activity: [], updatedAt: 1, walletId: 'wallet-a' },
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

  it("paints no view tagged with another wallet's id, nor an untagged one", async () => {
    const { bitcoin, liquid } = DEFAULT_NETWORKS;
    const view = (layer: string, network: string, walletId?: string) => ({ layer, network, balances: [], activity: [], updatedAt: 1, walletId });
    const account = { layer: 'bitcoin', network: bitcoin, kind: 'address', value: 'tb1qwalletaaddress', walletId: 'wallet-a' };
    get.mockResolvedValueOnce({
      [WALLET_ID_STORAGE_KEY]: 'wallet-b',
      [overviewCacheKey('bitcoin', bitcoin)]: view('bitcoin', bitcoin, 'wallet-a'),
      [overviewCacheKey('liquid', liquid)]: view('liquid', liquid),
      [accountCacheKey('bitcoin', bitcoin)]: account,
    });
    const painted = await takeCachedPortfolio().later;
    expect(painted?.overviews).toEqual({});
    expect(painted?.accounts).toEqual({});
  });
});
