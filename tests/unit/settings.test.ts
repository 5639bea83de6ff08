import { describe, expect, it } from 'vitest';
import { SettingsStore } from '../../src/background/settings-store';
import { resolvePreset } from '../../src/shared/networks';
import { MemoryArea } from '../helpers/memory-ports';

describe('settings', () => {
  it('starts on testnet4 and the other layers\' testnets', async () => {
    const s = await new SettingsStore(new MemoryArea()).get();
    expect(s.networks).toEqual({ bitcoin: 'testnet4', lightning: 'testnet', stacks: 'testnet', liquid: 'testnet', rootstock: 'testnet' });
  });

  it('switches presets and applies endpoint overrides', async () => {
    const store = new SettingsStore(new MemoryArea());
    const s = await store.update({
      networks: { bitcoin: 'devnet' },
      endpoints: { 'bitcoin.devnet.esplora': 'http://127.0.0.1:5000/api/' },
    });
    expect(resolvePreset('bitcoin', s.networks.bitcoin, s.endpoints).endpoints.esplora).toBe('http://127.0.0.1:5000/api');
    const cleared = await store.update({ endpoints: { 'bitcoin.devnet.esplora': '' } });
    expect(resolvePreset('bitcoin', 'devnet', cleared.endpoints).endpoints.esplora).toBe('http://127.0.0.1:18443/api');
  });

  it.each([
    [{ networks: { bitcoin: 'mainnet' } }, /Unknown bitcoin network/],
    [{ endpoints: { 'bitcoin.devnet.nope': 'http://x' } }, /Unknown endpoint/],
    [{ endpoints: { 'bitcoin.testnet4.esplora': 'ftp://x' } }, /https:\/\/ or http:\/\//],
    [{ endpoints: { 'bitcoin.testnet4.esplora': 'not a url' } }, /not a valid URL/],
    [{ endpoints: { 'bitcoin.testnet4.esplora': 'https://user:pw@host' } }, /user name or password/],
  ])('refuses %j', async (patch, message) => {
    await expect(new SettingsStore(new MemoryArea()).update(patch)).rejects.toThrow(message);
  });
});
