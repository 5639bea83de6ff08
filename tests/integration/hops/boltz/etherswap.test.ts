/**
 * Boltz's EtherSwap is the one the Rootstock preset pins (address and code hash),
 * never whatever Boltz names. The devnets start as `npm start` starts them (the
 * PowPeg stand-in on the same anvil first), and the Boltz stand-in's hostile mode
 * `otherEtherSwap` names a second EtherSwap it deployed on that anvil (boltz-core's
 * real code at another address) in /v2/chain/RBTC/contracts and in its swaps, and
 * locks in it. The wallet must refuse before any RBTC moves, any invoice is paid
 * or any preimage is revealed.
 */
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { restoreBoltzHops } from '../../../../src/hops/boltz';
import { BTC_LIGHTNING, BTC_ONCHAIN, RBTC } from '../../../../src/hops/boltz/assets';
import { WEI_PER_SAT } from '../../../../src/shared/units';
import { dataOf } from '../../../../src/hops/boltz/record';
import { endpointKey, pinKey, resolvePreset } from '../../../../src/shared/networks';
import { startBitcoinDevnet, type BitcoinDevnet } from '../../../devnet/bitcoin';
import { startBoltzDevnet, type BoltzDevnet } from '../../../devnet/boltz';
import { EVENTS } from '../../../devnet/boltz/ether-swap';
import { startPowpegDevnet, type PowpegDevnet } from '../../../devnet/powpeg';
import { startAnvil, type Anvil } from '../../../devnet/rootstock/anvil';
import { MemoryArea } from '../../../helpers/memory-ports';
import { broadcasts, type Devnets, drive, makeWallet, misbehaving, route, type TestWallet } from './helpers';
import { englishOf } from '../../../helpers/english-of';

const PINS = resolvePreset('rootstock', 'devnet', {}).pins!;
const GAS = 10n ** 16n;

let bitcoin: BitcoinDevnet;
let anvil: Anvil;
let powpeg: PowpegDevnet;
let boltz: BoltzDevnet;
let d: Devnets;

beforeAll(async () => {
  // As tests/devnet/start.ts does: the PowPeg stand-in takes the anvil first, then Boltz deploys EtherSwap on it.
  [bitcoin, anvil] = await Promise.all([startBitcoinDevnet(), startAnvil({ chainId: 33 })]);
  powpeg = await startPowpegDevnet({ bitcoin, anvil, pollMs: 60_000 });
  boltz = await startBoltzDevnet({ bitcoin, rootstock: anvil, pollMs: 0, cooperativeClaimWaitMs: 500 });
  d = { boltz, bitcoin, liquid: boltz.started.liquid!, rootstock: anvil };
}, 180_000);

afterAll(async () => {
  await boltz?.stop();
  await powpeg?.stop();
  await Promise.all([anvil?.stop(), bitcoin?.stop()]);
});

async function codeHash(address: string): Promise<string> {
  const code = await anvil.rpc<string>('eth_getCode', [address, 'latest']);
  return `0x${bytesToHex(keccak_256(hexToBytes(code.replace(/^0x/, ''))))}`;
}

async function nonceOf(w: TestWallet): Promise<number> {
  return Number(await anvil.rpc<string>('eth_getTransactionCount', [w.rootstock.address.toLowerCase(), 'latest']));
}

/** The second EtherSwap, as the hostile Boltz publishes it. */
async function hostileContract(): Promise<string> {
  const c = (await (await fetch(`${boltz.url}/chain/RBTC/contracts`)).json()) as { swapContracts: { EtherSwap: string } };
  return c.swapContracts.EtherSwap.toLowerCase();
}

/** Pins as a user would set them in settings for the devnet preset. */
function pins(etherSwap: string, etherSwapCodeHash?: string): Record<string, string> {
  return { [pinKey('rootstock', 'devnet', 'etherSwap')]: etherSwap, ...(etherSwapCodeHash ? { [pinKey('rootstock', 'devnet', 'etherSwapCodeHash')]: etherSwapCodeHash } : {}) };
}

const withHostileBoltz = <T>(fn: () => Promise<T>) => misbehaving(boltz, { otherEtherSwap: true }, fn);

describe('the devnet EtherSwap is the pinned one', () => {
  it('lands at the address the Rootstock devnet preset pins, with the pinned code hash (also after the PowPeg stand-in used the anvil)', async () => {
    expect(PINS.etherSwap).toMatch(/^0x[0-9a-f]{40}$/);
    expect(boltz.etherSwap!.address).toBe(PINS.etherSwap);
    expect(await codeHash(PINS.etherSwap!)).toBe(PINS.etherSwapCodeHash);
    // What Boltz publishes when honest.
    expect(await hostileContract()).toBe(PINS.etherSwap);
  });
});

describe('a Boltz that names another EtherSwap', () => {
  it('the hostile mode is a real second EtherSwap, published by /v2/chain/RBTC/contracts', async () => {
    const other = await withHostileBoltz(hostileContract);
    expect(other).not.toBe(PINS.etherSwap);
    const code = await anvil.rpc<string>('eth_getCode', [other, 'latest']);
    expect(code.length).toBeGreaterThan(2);
    expect(await codeHash(other)).not.toBe(PINS.etherSwapCodeHash);
  });

  it('Lightning -> RBTC: refused at creation; no invoice paid, nothing locked, no preimage revealed', async () => {
    const w = makeWallet(d);
    await anvil.fund(w.rootstock.address, GAS);
    const q = await route(w, BTC_LIGHTNING, RBTC, 100_000n);
    const nonce = await nonceOf(w);
    await withHostileBoltz(async () => {
      await expect(w.engine.start(w.ctx, q)).rejects.toThrow(/EtherSwap contract 0x[0-9a-f]{40} is not the one pinned/);
    });
    expect(w.funding.paid).toEqual([]);
    expect(await w.store.all()).toEqual([]);
    expect(await nonceOf(w)).toBe(nonce);
    // Boltz's swap exists, unpaid: its hold invoice was never paid, so nothing can settle.
    const swap = [...boltz.swaps.values()].at(-1)!;
    expect(swap).toMatchObject({ type: 'reverse', to: 'RBTC' });
    expect(boltz.ledger.invoice(swap.preimageHash)?.state).toBe('pending');
  });

  it('BTC -> RBTC and RBTC -> BTC chain swaps: refused at creation; no BTC broadcast, no RBTC locked', async () => {
    const w = makeWallet(d);
    await bitcoin.faucet((await w.bitcoin.receive()).address, 1_000_000n);
    await anvil.fund(w.rootstock.address, 300_000n * WEI_PER_SAT);
    const toRbtc = await route(w, BTC_ONCHAIN, RBTC, 200_000n);
    const fromRbtc = await route(w, RBTC, BTC_ONCHAIN, 200_000n * WEI_PER_SAT);
    const nonce = await nonceOf(w);
    await withHostileBoltz(async () => {
      await expect(w.engine.start(w.ctx, toRbtc)).rejects.toThrow(/not the one pinned/);
      await expect(w.engine.start(w.ctx, fromRbtc)).rejects.toThrow(/not the one pinned/);
    });
    expect(broadcasts(w)).toEqual([]);
    expect(await w.store.all()).toEqual([]);
    expect(await nonceOf(w)).toBe(nonce);
  });

  it('a pinned address whose code is not the pinned code is refused (the user set only the address)', async () => {
    const other = await withHostileBoltz(hostileContract);
    const w = makeWallet(d, { pins: pins(other) });
    await anvil.fund(w.rootstock.address, GAS);
    const q = await route(w, BTC_LIGHTNING, RBTC, 100_000n);
    await withHostileBoltz(async () => {
      await expect(w.engine.start(w.ctx, q)).rejects.toThrow(/code .* is not the pinned EtherSwap code/);
    });
    expect(w.funding.paid).toEqual([]);
  });

  it('a hop recorded with another EtherSwap (its pins corrected since) is never claimed: the preimage stays secret, the payment is not settled', async () => {
    const other = await withHostileBoltz(hostileContract);
    // The user had pinned the hostile contract (address and its real code hash) when the hop was made.
    const a = makeWallet(d, { pins: pins(other, await codeHash(other)) });
    await anvil.fund(a.rootstock.address, GAS);
    const q = await route(a, BTC_LIGHTNING, RBTC, 100_000n);
    const started = await withHostileBoltz(() => a.engine.start(a.ctx, q));
    expect(dataOf(started).claim!.address).toBe(other);
    const swapId = dataOf(started).swapId;
    await boltz.waitForStatus(swapId, ['transaction.mempool', 'transaction.confirmed']);
    const nonce = await nonceOf(a);

    // The pins are back to the preset's: the same profile goes on.
    const b = makeWallet(d, { mnemonic: a.mnemonic, hopArea: a.hopArea, layerArea: a.layerArea });
    const r = await drive(d, b, started.id, { passes: 3 });
    expect(r.outcome).toBe('in-progress');
    expect(englishOf(r.lastError)).toMatch(/not the one pinned/);
    expect(await nonceOf(b)).toBe(nonce);
    const claims = await anvil.rpc<unknown[]>('eth_getLogs', [{ address: other, fromBlock: '0x0', toBlock: 'latest', topics: [EVENTS.Claim, `0x${dataOf(started).preimageHash}`] }]);
    expect(claims).toEqual([]);
    await boltz.sync();
    expect(boltz.swaps.get(swapId)!.preimage).toBeUndefined();
    expect(boltz.ledger.invoice(dataOf(started).preimageHash)?.state).toBe('accepted');
  });

  it('restore counts only the pinned contract: a lock under our preimage hash in another EtherSwap is not restored, nor a swap Boltz says lives there', async () => {
    const other = await withHostileBoltz(hostileContract);
    const a = makeWallet(d, { pins: pins(other, await codeHash(other)) });
    await bitcoin.faucet((await a.bitcoin.receive()).address, 1_000_000n);
    await bitcoin.mine(1);
    // A chain swap BTC -> RBTC made against the hostile contract (index 0), funded.
    const started = await withHostileBoltz(async () => a.engine.start(a.ctx, await route(a, BTC_ONCHAIN, RBTC, 150_000n)));
    expect(started.state).toBe('funded');
    await bitcoin.mine(1);
    await boltz.waitForStatus(dataOf(started).swapId, ['transaction.server.mempool', 'transaction.server.confirmed']);
    // And a bare lock in the hostile contract for our account under the preimage hash of index 1, as Boltz could make at will.
    const rogue = await boltz.otherEtherSwap();
    const hash1 = bytesToHex(a.ctx.keys.at(1).preimageHash);
    await rogue.lock(hash1, a.rootstock.address.toLowerCase(), (await rogue.height()) + 40, 50_000n * WEI_PER_SAT);

    const b = makeWallet(d, { mnemonic: a.mnemonic, hopArea: new MemoryArea(), layerArea: new MemoryArea() });
    const restored = await withHostileBoltz(() => restoreBoltzHops(b.ctx, b.store));
    expect(restored.restored).toEqual([]);
    expect(restored.skipped.map((s) => s.id)).toContain(dataOf(started).swapId);
    expect(await b.store.all()).toEqual([]);
    expect(await rogue.claimedPreimage(hash1)).toBeNull();
  });

  it('a Rootstock node on another chain is refused before anything moves', async () => {
    const other = await startAnvil({ chainId: 31 });
    try {
      const w = makeWallet(d, { endpoints: { [endpointKey('rootstock', 'devnet', 'rpc')]: other.url } });
      const q = await route(w, BTC_LIGHTNING, RBTC, 100_000n);
      await expect(w.engine.start(w.ctx, q)).rejects.toThrow(/chain 31.*chain 33/);
      expect(w.funding.paid).toEqual([]);
      expect(await w.store.all()).toEqual([]);
    } finally {
      await other.stop();
    }
  });
});
