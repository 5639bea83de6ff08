/** The one explorer link builder every layer and hop uses. */
import { describe, expect, it } from 'vitest';
import { pageExplorer, txUrl } from '../../../src/shared/links';
import { PRESETS } from '../../../src/shared/networks';

describe('txUrl', () => {
  it('joins the explorer and the txid, whatever trailing slashes the setting has', () => {
    expect(txUrl('https://mempool.space/testnet4', 'ab')).toBe('https://mempool.space/testnet4/tx/ab');
    expect(txUrl('https://mempool.space/testnet4//', 'ab')).toBe('https://mempool.space/testnet4/tx/ab');
  });

  it('gives no link without an explorer, rather than a relative one', () => {
    expect(txUrl(undefined, 'ab')).toBeUndefined();
    expect(txUrl('', 'ab')).toBeUndefined();
  });

  it("has no page on Rootstock's devnet, whose explorer is the node itself, and pages on its testnet", () => {
    const devnet = PRESETS.rootstock.find((p) => p.id === 'devnet')!;
    const testnet = PRESETS.rootstock.find((p) => p.id !== 'devnet')!;
    expect(txUrl(pageExplorer(devnet.endpoints), '0x1')).toBeUndefined();
    expect(txUrl(pageExplorer(testnet.endpoints), '0x1')).toBe(`${testnet.endpoints.explorer}/tx/0x1`);
    const btcDevnet = PRESETS.bitcoin.find((p) => p.id === 'devnet')!;
    expect(txUrl(pageExplorer(btcDevnet.endpoints), 'ab')).toBe(`${btcDevnet.endpoints.explorer}/tx/ab`);
  });
});
