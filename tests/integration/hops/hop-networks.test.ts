/**
 * A hop runs on the networks it was created on, whatever Settings select later.
 * Two bcoin regtest chains stand for two Bitcoin networks whose addresses look
 * alike (like testnet3 and signet, both `tb`): the *Local devnet* preset points
 * at one, the *sBTC testnet regtest* preset (also `bcrt`) at the other. The
 * background's own Hops, Layers, SettingsStore and wallet run over in-memory
 * storage; the sBTC deposit is the hop.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generateMnemonic } from '@scure/bip39';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { Hops } from '../../../src/background/hops';
import { Layers } from '../../../src/background/layers';
import { SettingsStore } from '../../../src/background/settings-store';
import { WalletService } from '../../../src/background/wallet';
import type { Mechanism } from '../../../src/hops/mechanism';
import { newHopRecord } from '../../../src/hops/records';
import { sbtcDeposit } from '../../../src/hops/sbtc';
import { SBTC_DEVNET_DEPLOYER } from '../../../src/shared/networks';
import { startBitcoinDevnet, type BitcoinDevnet } from '../../devnet/bitcoin';
import { startSbtcDevnet, type SbtcDevnet } from '../../devnet/sbtc';
import { memoryPorts } from '../../helpers/memory-ports';
import { englishOf } from '../../helpers/english-of';

let devnet: BitcoinDevnet;
let other: BitcoinDevnet;
let sbtc: SbtcDevnet;

beforeAll(async () => {
  [devnet, other] = await Promise.all([startBitcoinDevnet(), startBitcoinDevnet()]);
  sbtc = await startSbtcDevnet({ bitcoin: devnet, deployer: SBTC_DEVNET_DEPLOYER, pollMs: 60_000, mint: async () => `0x${'00'.repeat(32)}` });
}, 120_000);
afterAll(async () => {
  await sbtc?.stop();
  await Promise.all([devnet?.stop(), other?.stop()]);
});

async function background(mechanisms: Mechanism[] = [sbtcDeposit]) {
  const ports = memoryPorts(Date.now());
  const settings = new SettingsStore(ports.local);
  const wallet = new WalletService(ports, settings);
  await wallet.importPhrase(generateMnemonic(wordlist), 'Correct-Horse-42');
  await settings.update({
    networks: { bitcoin: 'devnet', stacks: 'devnet' },
    endpoints: {
      'bitcoin.devnet.esplora': devnet.esploraUrl,
      'bitcoin.sbtc-testnet.esplora': other.esploraUrl,
      'stacks.devnet.api': sbtc.url,
      'stacks.devnet.emily': sbtc.url,
    },
  });
  const layers = new Layers(wallet, settings, ports.local, ports.now, ports.session);
  const hops = new Hops(wallet, settings, layers, ports.local, ports.now, mechanisms);
  return { settings, layers, hops };
}

const BTC = { layer: 'bitcoin' as const, asset: 'BTC' };
const SBTC = { layer: 'stacks' as const, asset: 'sBTC' };
const LBTC = { layer: 'liquid' as const, asset: 'L-BTC' };

describe('a hop follows the networks it was created on', () => {
  it('waits, sending nothing anywhere, while Settings select another Bitcoin network, and funds on its own when switched back', async () => {
    const { settings, layers, hops } = await background();
    const address = (await (await layers.service('bitcoin')).receive()).address;
    // The same address on both chains holds coins.
    await Promise.all([devnet.faucet(address, 500_000n), other.faucet(address, 500_000n)]);
    const { routes } = await hops.plan(BTC, SBTC, '0.002');
    const quote = routes.find((r) => r.mechanism === 'sbtc-deposit')!;
    expect(quote.available).toBe(true);
    // The coins on the devnet go elsewhere before the hop starts: its funding waits for coins.
    await (await layers.service('bitcoin')).send({ to: 'bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080', amount: '', max: true, fee: { kind: 'normal' } });
    await devnet.mine(1);
    const started = await hops.start(quote.quoteId);
    expect(started).toMatchObject({ state: 'created', outcome: 'in-progress' });
    expect(started.data.fundingTxid).toBeUndefined();
    expect(started.network).toMatchObject({ bitcoin: 'devnet', stacks: 'devnet' });

    await settings.update({ networks: { bitcoin: 'sbtc-testnet' } });
    const otherBefore = other.facade.broadcasts.length;
    const paused = await hops.get(started.id);
    expect(other.facade.broadcasts.length).toBe(otherBefore);
    expect(paused.data.fundingTxid).toBeUndefined();
    expect(englishOf(paused.lastError)).toMatch(/Local devnet \(regtest\)/);
    expect(englishOf(paused.lastError)).toMatch(/nothing/i);
    await hops.tick(true);
    expect(other.facade.broadcasts.length).toBe(otherBefore);

    // Back on the hop's network, with coins again: it funds there.
    await settings.update({ networks: { bitcoin: 'devnet' } });
    await devnet.faucet(address, 500_000n);
    const funded = await hops.get(started.id);
    const txid = funded.data.fundingTxid as string;
    expect(txid).toMatch(/^[0-9a-f]{64}$/);
    expect((await fetch(`${devnet.esploraUrl}/tx/${txid}`)).status).toBe(200);
    expect(other.facade.broadcasts.length).toBe(otherBefore);
    expect(englishOf(funded.lastError)).toBeUndefined();
  });

  it('a hop context keeps its own presets: services it hands out follow them even if Settings change meanwhile', async () => {
    const { settings, layers, hops } = await background();
    const ctx = await hops.context();
    // A transaction only the devnet's chain has: the side reads the devnet, not the network selected since.
    const onDevnet = await devnet.faucet((await (await layers.service('bitcoin')).receive()).address, 10_000n);
    await settings.update({ networks: { bitcoin: 'sbtc-testnet' } });
    const btc = await ctx.side('bitcoin');
    expect((await btc.tx(onDevnet))?.txid).toBe(onDevnet);
    expect(await (await layers.service('bitcoin')).esplora.tx(onDevnet)).toBeNull();
  });

  it('starts no hop from routes looked up on networks Settings no longer select', async () => {
    // A route that any Bitcoin network offers: only the networks it was quoted on tell it apart.
    const anywhere: Mechanism = {
      id: 'boltz-chain',
      pairs: () => [{ from: BTC, to: LBTC }],
      quote: async (_c, from, to, amount) => ({ mechanism: 'boltz-chain', from, to, counterparty: 'test', available: true, send: String(amount), receive: String(amount), serviceFee: null, networkFees: [], min: '1', max: '1000000', expectedMinutes: 1 }),
      create: async (c, q, index, id) => newHopRecord(c, q, { id, index, mechanism: 'boltz-chain' }, {}, []),
      advance: async (_c, r) => r,
    };
    const { settings, hops } = await background([anywhere]);
    const { routes } = await hops.plan(BTC, LBTC, '0.001');
    await settings.update({ networks: { bitcoin: 'sbtc-testnet' } });
    await expect(hops.start(routes[0]!.quoteId)).rejects.toThrow(/Settings changed/);
    expect(await hops.list()).toEqual([]);
  });
});
