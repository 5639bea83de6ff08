import { describe, expect, it } from 'vitest';
import { SettingsStore } from '../../../src/background/settings-store';
import { resolvePreset } from '../../../src/shared/networks';
import { MemoryArea } from '../../helpers/memory-ports';
import { shownError } from '../../helpers/locale';
import { WalletError } from '../../../src/shared/errors';

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

  it('takes a WebSocket URL for the move journal relay, which a public preset leaves unset', async () => {
    expect(resolvePreset('lightning', 'testnet', {}).endpoints.journalRelay).toBe('');
    expect(resolvePreset('lightning', 'devnet', {}).endpoints.journalRelay).toMatch(/^ws:\/\/127\.0\.0\.1:\d+$/);
    const s = await new SettingsStore(new MemoryArea()).update({ endpoints: { 'lightning.testnet.journalRelay': 'wss://relay.example.org/' } });
    expect(resolvePreset('lightning', 'testnet', s.endpoints).endpoints.journalRelay).toBe('wss://relay.example.org');
    // Plain ws:// only to this machine (the devnet), as for NWC relays.
    for (const local of ['ws://127.0.0.1:7777', 'ws://localhost:7777', 'ws://[::1]:7777']) {
      const l = await new SettingsStore(new MemoryArea()).update({ endpoints: { 'lightning.testnet.journalRelay': local } });
      expect(l.endpoints['lightning.testnet.journalRelay']).toBe(local);
    }
  });

  it('applies pin overrides, lower-cased, and an empty one restores the preset pin', async () => {
    const store = new SettingsStore(new MemoryArea());
    const preset = resolvePreset('bitcoin', 'devnet', {});
    expect(preset.pins?.zeroConfMaxSats).toMatch(/^[0-9]+$/);
    const s = await store.update({ pins: { 'rootstock.devnet.etherSwap': '0xABCDEF0123456789abcdef0123456789ABCDEF01', 'bitcoin.devnet.zeroConfMaxSats': ' 0 ' } });
    expect(resolvePreset('rootstock', 'devnet', s.endpoints, s.pins).pins?.etherSwap).toBe('0xabcdef0123456789abcdef0123456789abcdef01');
    expect(resolvePreset('bitcoin', 'devnet', s.endpoints, s.pins).pins?.zeroConfMaxSats).toBe('0');
    // Another preset's pin is untouched by this override.
    expect(resolvePreset('bitcoin', 'testnet4', s.endpoints, s.pins).pins?.zeroConfMaxSats).toBe(resolvePreset('bitcoin', 'testnet4', {}).pins?.zeroConfMaxSats);
    const cleared = await store.update({ pins: { 'bitcoin.devnet.zeroConfMaxSats': '' } });
    expect(resolvePreset('bitcoin', 'devnet', cleared.endpoints, cleared.pins).pins?.zeroConfMaxSats).toBe(preset.pins?.zeroConfMaxSats);
  });

  it('keeps a pinned federation address as typed (base58 is case-sensitive) and lower-cases a signers’ key', async () => {
    const s = await new SettingsStore(new MemoryArea()).update({
      pins: { 'rootstock.testnet.powpegFederation': ' 2MsHnjFiAt5srgHJtwnwZTtZQPrKN8yiDqh ', 'stacks.testnet.sbtcSignersKey': `02${'AB'.repeat(32)}` },
    });
    expect(resolvePreset('rootstock', 'testnet', s.endpoints, s.pins).pins?.powpegFederation).toBe('2MsHnjFiAt5srgHJtwnwZTtZQPrKN8yiDqh');
    expect(resolvePreset('stacks', 'testnet', s.endpoints, s.pins).pins?.sbtcSignersKey).toBe(`02${'ab'.repeat(32)}`);
  });

  it.each([
    [{ pins: { 'rootstock.testnet.powpegFederation': 'tb1qxyz' } }, /not a Bitcoin P2SH address/],
    [{ pins: { 'stacks.devnet.sbtcSignersKey': `04${'ab'.repeat(32)}` } }, /not a compressed public key/],
    [{ pins: { 'rootstock.devnet.nope': '0x00' } }, /Unknown pinned value/],
    [{ pins: { 'rootstock.devnet.toString': '0x00' } }, /Unknown pinned value/],
    [{ pins: { 'rootstock.devnet.constructor': '0x00' } }, /Unknown pinned value/],
    [{ endpoints: { 'bitcoin.devnet.constructor': 'http://127.0.0.1:1' } }, /Unknown endpoint/],
    [{ endpoints: { 'bitcoin.devnet.hasOwnProperty': 'http://127.0.0.1:1' } }, /Unknown endpoint/],
    [{ pins: { 'bitcoin.devnet.etherSwap': '0x0000000000000000000000000000000000000000' } }, /Unknown pinned value/],
    [{ pins: { 'rootstock.devnet.etherSwap': '0x1234' } }, /not a 0x address/],
    [{ pins: { 'rootstock.devnet.etherSwapCodeHash': 'abcd' } }, /not a 0x hash/],
    [{ pins: { 'bitcoin.devnet.zeroConfMaxSats': '1.5' } }, /not a whole number/],
    [{ pins: { 'bitcoin.devnet.zeroConfMaxSats': '-1' } }, /not a whole number/],
    [{ networks: { bitcoin: 'mainnet' } }, /Unknown Bitcoin network “mainnet”/],
    [{ endpoints: { 'bitcoin.devnet.nope': 'http://x' } }, /Unknown endpoint/],
    [{ endpoints: { 'bitcoin.testnet4.esplora': 'ftp://x' } }, /https:\/\/ or http:\/\//],
    [{ endpoints: { 'bitcoin.testnet4.esplora': 'not a url' } }, /not a valid URL/],
    [{ endpoints: { 'bitcoin.testnet4.esplora': 'https://user:pw@host' } }, /user name or password/],
    [{ endpoints: { 'bitcoin.testnet4.esplora': 'wss://relay.example.org' } }, /https:\/\/ or http:\/\//],
    [{ endpoints: { 'lightning.testnet.journalRelay': 'https://relay.example.org' } }, /Relay URLs must start with wss:\/\/ or ws:\/\//],
    [{ endpoints: { 'lightning.testnet.journalRelay': 'ws://relay.example.org' } }, /Relay URLs must use wss:\/\/; plain ws:\/\/ only on this machine/],
    [{ endpoints: { 'lightning.devnet.journalRelay': 'ws://192.168.1.20:7777' } }, /Relay URLs must use wss:\/\/; plain ws:\/\/ only on this machine/],
  ])('refuses %j', async (patch, message) => {
    await expect(new SettingsStore(new MemoryArea()).update(patch)).rejects.toThrow(message);
  });
});

describe('settings refusals in the user\'s language', () => {
  const refused = (patch: Parameters<SettingsStore['update']>[0]) =>
    new SettingsStore(new MemoryArea()).update(patch).then(
      () => {
        throw new Error('accepted');
      },
      (err: unknown) => {
        if (err instanceof WalletError) return err;
        throw err;
      },
    );

  it('a malformed pin names what it must be, in Chinese', async () => {
    const err = await refused({ pins: { 'rootstock.testnet.powpegFederation': 'tb1qxyz' } });
    expect(shownError(err)).toBe('“tb1qxyz”不是比特币 P2SH 地址（以 2 或 3 开头）。没有做任何更改。');
  });

  it('a relay URL off this machine and an unknown network read in Chinese', async () => {
    expect(shownError(await refused({ endpoints: { 'lightning.testnet.journalRelay': 'ws://relay.example.org' } }))).toMatch(/^中继地址必须使用 wss:\/\//);
    expect(shownError(await refused({ networks: { bitcoin: 'mainnet' } }))).toMatch(/^未知的比特币网络“mainnet”；请从 testnet4, .*devnet 中选择。没有做任何更改。$/);
  });
});
