/**
 * A wallet for the Boltz hop tests: a fresh seed, the layer services on the
 * devnet presets (pointed at the running devnets), a Lightning funding that is a
 * node on the devnet ledger, and a HopEngine over in-memory storage. Every
 * request the wallet makes is counted, so a test can assert nothing was broadcast.
 */
import { HDKey } from '@scure/bip32';
import { test as base } from 'vitest';
import { generateMnemonic } from '@scure/bip39';
import { mnemonicToSeedSync } from '../../../helpers/bip39-seed';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { BitcoinService } from '../../../../src/layers/bitcoin/service';
import { slip77MasterBlindingKey } from '../../../../src/layers/liquid/keys';
import { LiquidService } from '../../../../src/layers/liquid/service';
import { RootstockService } from '../../../../src/layers/rootstock/service';
import { boltzMechanisms } from '../../../../src/hops/boltz';
import { HopEngine } from '../../../../src/hops/engine';
import { HopKeys } from '../../../../src/hops/keys';
import type { HopContext } from '../../../../src/hops/mechanism';
import { HopStore } from '../../../../src/hops/records';
import type { AssetRef, HopRecord, RouteQuote } from '../../../../src/hops/types';
import { HttpClient } from '../../../../src/shared/http';
import type { LayerId } from '../../../../src/shared/layers';
import { endpointKey, resolvePreset } from '../../../../src/shared/networks';
import { startBoltzDevnet, type BoltzDevnet, type Misbehaviour } from '../../../devnet/boltz';
import type { BitcoinDevnet } from '../../../devnet/bitcoin';
import { DEVNET_FEE_ESTIMATES } from '../../../devnet/bitcoin/esplora-facade';
import type { LiquidDevnet } from '../../../devnet/liquid';
import { LedgerFunding } from '../../../devnet/lightning/ledger-funding';
import type { Anvil } from '../../../devnet/rootstock/anvil';
import { hopSides } from '../../../helpers/hop-sides';
import { MemoryArea } from '../../../helpers/memory-ports';
import { englishOf } from '../../../helpers/english-of';

export interface Devnets {
  boltz: BoltzDevnet;
  bitcoin: BitcoinDevnet;
  liquid: LiquidDevnet;
  rootstock: Anvil;
}

export interface TestWallet {
  mnemonic: string;
  ctx: HopContext;
  store: HopStore;
  hopArea: MemoryArea;
  /** The layer services' storage (a fresh worker over the same profile shares it). */
  layerArea: MemoryArea;
  engine: HopEngine;
  bitcoin: BitcoinService;
  rootstock: RootstockService;
  liquid: LiquidService;
  funding: LedgerFunding;
  /** Every request: "METHOD url". */
  requests: string[];
  btcBalance(): Promise<bigint>;
  rbtcBalance(): Promise<bigint>;
  /** Confirmed plus pending L-BTC, unblinded by the wallet. */
  lbtcBalance(): Promise<bigint>;
}

/** The Boltz stand-in with devnets of its own, its nursery run only when a test asks (drive, sync). */
export async function startBoltzDevnets(): Promise<Devnets> {
  const boltz = await startBoltzDevnet({ pollMs: 0, cooperativeClaimWaitMs: 500 });
  return { boltz, bitcoin: boltz.started.bitcoin!, liquid: boltz.started.liquid!, rootstock: boltz.started.rootstock! };
}

/**
 * The worker's Boltz devnets. Integration files run in turn in each worker without isolation
 * (vitest.config.ts), so the devnets start when the worker's first file asks and stop when the
 * worker ends, instead of once per file. Files share chains, never wallets: each makes wallets
 * of its own and asserts on them, or on what a devnet gained while it ran (`slice(mark)`).
 * Made on first use: `extend` needs a running test file, and bench/ imports this module too.
 */
let workerTest: ReturnType<typeof extendWithDevnets> | undefined;
function extendWithDevnets() {
  return base.extend('boltzDevnets', { scope: 'worker' }, async ({}, { onCleanup }) => {
    const d = await startBoltzDevnets();
    onCleanup(() => d.boltz.stop());
    return d;
  });
}

/**
 * Where a file leaves the shared devnets: every test switch off (each file turns its own off;
 * this is the net under a failed one), and Boltz forgets the file's swaps, as when each file
 * stopped a Boltz of its own: the next file's nursery passes never act on (or broadcast for) them.
 */
async function leaveAsFound(d: Devnets): Promise<void> {
  d.boltz.misbehave({});
  d.boltz.swaps.clear();
  d.bitcoin.facade.misbehave({});
  d.bitcoin.facade.feeEstimates = { ...DEVNET_FEE_ESTIMATES };
  d.liquid.misbehave({});
  d.liquid.setFeeRate(undefined);
  await d.rootstock.setAutomine(true);
}

/** The worker's Boltz devnets for this test file's tests (see above); `use` gets them. */
export function startBoltzDevnetsForFile(use: (d: Devnets) => void): void {
  const test = (workerTest ??= extendWithDevnets());
  let started: Devnets | undefined;
  test.beforeAll(async ({ boltzDevnets }) => {
    started = boltzDevnets;
    use(started);
  }, 180_000);
  test.afterAll(async () => {
    if (started) await leaveAsFound(started);
  });
}

/** The first available route of a move; a failure lists why each route is not. */
export async function route(w: TestWallet, from: AssetRef, to: AssetRef, amount: bigint): Promise<RouteQuote> {
  const { routes } = await w.engine.plan(w.ctx, from, to, amount);
  const q = routes.find((r) => r.available);
  if (!q) throw new Error(`no route: ${routes.map((r) => englishOf(r.reason)).join('; ')}`);
  return q;
}

export function overrides(d: Devnets): Record<string, string> {
  return {
    [endpointKey('bitcoin', 'devnet', 'esplora')]: d.bitcoin.esploraUrl,
    [endpointKey('bitcoin', 'devnet', 'explorer')]: d.bitcoin.url,
    [endpointKey('bitcoin', 'devnet', 'boltz')]: d.boltz.url,
    [endpointKey('liquid', 'devnet', 'esplora')]: d.liquid.url,
    [endpointKey('rootstock', 'devnet', 'rpc')]: d.rootstock.url,
    [endpointKey('rootstock', 'devnet', 'explorer')]: d.rootstock.url,
  };
}

export function makeWallet(
  d: Devnets,
  opts: { mnemonic?: string; hopArea?: MemoryArea; layerArea?: MemoryArea; lightningMsat?: bigint; endpoints?: Record<string, string>; pins?: Record<string, string> } = {},
): TestWallet {
  const mnemonic = opts.mnemonic ?? generateMnemonic(wordlist);
  const seed = mnemonicToSeedSync(mnemonic);
  const root = HDKey.fromMasterSeed(seed);
  const o = { ...overrides(d), ...opts.endpoints };
  // Pins as settings hold them (`layer.devnet.pin`); none given: the presets' own.
  const p = opts.pins ?? {};
  const presets = {
    bitcoin: resolvePreset('bitcoin', 'devnet', o, p),
    lightning: resolvePreset('lightning', 'devnet', o, p),
    stacks: resolvePreset('stacks', 'devnet', o, p),
    liquid: resolvePreset('liquid', 'devnet', o, p),
    rootstock: resolvePreset('rootstock', 'devnet', o, p),
  };
  const requests: string[] = [];
  const http = (url: string) => new HttpClient(url, { retries: 1, baseDelayMs: 50, timeoutMs: 20_000, onRequest: (m, u) => requests.push(`${m} ${u}`) });
  const layerArea = opts.layerArea ?? new MemoryArea();
  const deps = <L extends LayerId>(layer: L) => ({ root, preset: presets[layer], store: layerArea, http, now: () => Date.now() });
  const bitcoin = new BitcoinService(deps('bitcoin'));
  const rootstock = new RootstockService(deps('rootstock'));
  const liquid = new LiquidService(deps('liquid'), slip77MasterBlindingKey(seed));
  const node = d.boltz.ledger.addNode(`user-${Math.random().toString(36).slice(2, 8)}`, opts.lightningMsat ?? 5_000_000_000n);
  const funding = new LedgerFunding(d.boltz.ledger, node);
  const ctx: HopContext = {
    keys: new HopKeys(root, mnemonicToSeedSync),
    root,
    presets,
    side: hopSides({ bitcoin, rootstock, liquid, lightning: funding }),
    http,
    now: () => Date.now(),
  };
  const hopArea = opts.hopArea ?? new MemoryArea();
  const store = new HopStore(hopArea);
  return {
    mnemonic,
    ctx,
    store,
    hopArea,
    layerArea,
    engine: new HopEngine(boltzMechanisms(), store),
    bitcoin,
    rootstock,
    liquid,
    funding,
    requests,
    async btcBalance() {
      const b = (await bitcoin.overview()).balances[0]!;
      return BigInt(b.confirmed) + BigInt(b.pending);
    },
    async rbtcBalance() {
      return BigInt(await d.rootstock.rpc<string>('eth_getBalance', [rootstock.address.toLowerCase(), 'latest']));
    },
    async lbtcBalance() {
      const b = (await liquid.overview()).balances.find((x) => x.asset === liquid.policy.id);
      return b ? BigInt(b.confirmed) + BigInt(b.pending) : 0n;
    },
  };
}

/**
 * Advances a hop until it leaves `in-progress` (or `stopWhen` says so), letting
 * Boltz's nursery run and mining a block on Bitcoin and Rootstock between passes.
 */
export async function drive(
  d: Devnets,
  w: TestWallet,
  id: string,
  opts: { stopWhen?: (r: HopRecord) => boolean; passes?: number; mine?: boolean } = {},
): Promise<HopRecord> {
  let r = (await w.store.get(id))!;
  for (let i = 0; i < (opts.passes ?? 40); i++) {
    r = await w.engine.advance(w.ctx, id);
    if (r.outcome !== 'in-progress' || opts.stopWhen?.(r)) return r;
    if (opts.mine !== false) {
      await d.bitcoin.mine(1);
      await d.rootstock.mine(1);
      d.liquid.mine(1);
    }
    await d.boltz.sync();
  }
  return r;
}

/** Requests that would have moved funds: Bitcoin and Liquid broadcasts (Esplora or Boltz) and Lightning payments. */
export function broadcasts(w: TestWallet): string[] {
  return w.requests.filter((r) => /^POST .*\/(tx|transaction)$/.test(r)).concat(w.funding.paid);
}

/** Runs `fn` with the stand-in misbehaving as `m` (for the swaps it creates and the answers it gives meanwhile). */
export async function misbehaving<T>(boltz: BoltzDevnet, m: Misbehaviour, fn: () => Promise<T>): Promise<T> {
  boltz.misbehave(m);
  try {
    return await fn();
  } finally {
    boltz.misbehave({});
  }
}

/** Requests that handed Boltz a preimage of ours: cooperative claims of reverse and chain swaps. */
export function claimRequests(w: TestWallet): string[] {
  return w.requests.filter((r) => /^POST .*\/swap\/(reverse|chain)\/[^/]+\/claim$/.test(r));
}

/** Mines Bitcoin blocks until the devnet's tip is at `height`. */
export async function mineBitcoinTo(d: Devnets, height: number): Promise<void> {
  const tip = Number(await (await fetch(`${d.bitcoin.esploraUrl}/blocks/tip/height`)).text());
  if (height > tip) await d.bitcoin.mine(height - tip);
}

/** Mines anvil blocks until the Rootstock tip is at `height`. */
export async function mineRootstockTo(d: Devnets, height: number): Promise<void> {
  const tip = Number(await d.rootstock.rpc<string>('eth_blockNumber'));
  if (height > tip) await d.rootstock.mine(height - tip);
}
