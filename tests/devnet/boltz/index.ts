/**
 * A stand-in for Boltz's API v2 on the devnet chains, acting as the real
 * counterparty: it locks, claims, pays and refunds on bcoin (BTC), the Liquid
 * facade (L-BTC), anvil with boltz-core's EtherSwap (RBTC) and the Lightning
 * ledger, with boltz-core's Taproot swap trees and MuSig2. Follows boltz-backend's
 * API v2 (lib/api/v2/routers/SwapRouter.ts); each route in api.ts names its source.
 *
 *   const boltz = await startBoltzDevnet({ bitcoin, liquid, rootstock, lightning });
 *   // boltz.url ends in /v2; WebSocket at ws://…/v2/ws; GET /v2/swap/{id} polls.
 *   boltz.misbehave({ refuseCooperation: true });   // swaps created from now on
 *   await boltz.waitForStatus(id, 'transaction.claimed');
 *   await boltz.stop();
 *
 * Boltz's nursery runs every `pollMs` (and on `sync()`): it sees lockups, pays
 * invoices, locks its side, learns preimages from claims, claims by script path
 * when the client does not cooperate within `cooperativeClaimWaitMs`, and
 * refunds its own lockups after their timeouts. Timeouts are block heights on
 * each chain: tests mine (bitcoin.mine, liquid.mine, anvil.mine) to reach them.
 */
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { WebSocketServer, type WebSocket } from 'ws';
import { resolvePreset } from '../../../src/shared/networks';
import { startBitcoinDevnet, type BitcoinDevnet } from '../bitcoin';
import { DevServer } from '../http-server';
import { startLightningDevnet, type LightningDevnet } from '../lightning';
import type { DevLightningLedger, DevNode } from '../lightning/ledger';
import { startLiquidDevnet, type LiquidDevnet } from '../liquid';
import { startAnvil, type Anvil } from '../rootstock/anvil';
import { registerRoutes, type ApiContext, type TimeoutDeltas } from './api';
import { EtherSwap } from './ether-swap';
import { defaultPairs, type Currency, type PairTable, type SwapType } from './pairs';
import { SwapBook, type Misbehaviour, type SwapRecord, type SwapStatus } from './swaps';
import { BitcoinChain, LiquidChain, type UtxoChain } from './utxo-chains';

export type { Misbehaviour, SwapRecord, SwapStatus } from './swaps';
export { BOLTZ_EVM_ACCOUNT, WEI_PER_SAT, EtherSwap } from './ether-swap';

/** Port Boltz's own regtest clients default to; the devnet preset's Boltz URL is http://127.0.0.1:9001/v2. */
export const BOLTZ_DEVNET_PORT = 9001;

export const DEFAULT_TIMEOUTS: Record<Currency, TimeoutDeltas> = {
  BTC: { submarine: 24, reverse: 18, chain: 18 },
  'L-BTC': { submarine: 40, reverse: 30, chain: 30 },
  RBTC: { submarine: 60, reverse: 40, chain: 40 },
};

export interface BoltzDevnetOptions {
  bitcoin?: BitcoinDevnet;
  liquid?: LiquidDevnet;
  /** An anvil (chain 33): EtherSwap is deployed on it. */
  rootstock?: Anvil;
  /** The Lightning ledger (or a whole Lightning devnet) Boltz's node lives on. */
  lightning?: LightningDevnet | DevLightningLedger;
  port?: number;
  /** The nursery's period (ms); 0 turns the timer off (tests then call sync()). */
  pollMs?: number;
  cooperativeClaimWaitMs?: number;
  timeouts?: Partial<Record<Currency, Partial<TimeoutDeltas>>>;
  pairs?: Partial<Record<SwapType, PairTable>>;
  /** Boltz's Lightning balance (msat). */
  nodeBalanceMsat?: bigint;
}

export interface BoltzDevnet {
  /** Base URL ending in /v2. */
  url: string;
  wsUrl: string;
  /** The swap book: every swap's record, status and history. */
  swaps: Map<string, SwapRecord>;
  book: SwapBook;
  ledger: DevLightningLedger;
  /** Boltz's Lightning node on the ledger. */
  node: DevNode;
  etherSwap?: EtherSwap;
  /** The second EtherSwap the otherEtherSwap misbehaviour names (deployed on the same anvil on first use). */
  otherEtherSwap(): Promise<EtherSwap>;
  server: DevServer;
  /** Makes swaps created from now on misbehave; `{}` makes them honest again. Returns the previous setting. */
  misbehave(m: Misbehaviour): Misbehaviour;
  /** Changes the misbehaviour of one existing swap (e.g. refuse cooperation only for it). */
  misbehaveSwap(id: string, m: Misbehaviour): void;
  /** doubleSpendLockup: takes Boltz's unconfirmed lockup of this swap back now (its txid; null if it cannot). */
  doubleSpendLockup(id: string): Promise<string | null>;
  /** Runs the nursery once. */
  sync(): Promise<void>;
  /** Runs the nursery until the swap reaches `status` (or throws after `timeoutMs`). */
  waitForStatus(id: string, status: string | string[], timeoutMs?: number): Promise<SwapStatus>;
  /** Devnets started here (owned, stopped by stop()). */
  started: { bitcoin?: BitcoinDevnet; liquid?: LiquidDevnet; rootstock?: Anvil; lightning?: LightningDevnet };
  stop(): Promise<void>;
}

export async function startBoltzDevnet(opts: BoltzDevnetOptions = {}): Promise<BoltzDevnet> {
  const started: BoltzDevnet['started'] = {};
  const bitcoin = opts.bitcoin ?? (started.bitcoin = await startBitcoinDevnet());
  const liquid = opts.liquid ?? (started.liquid = await startLiquidDevnet());
  const rootstock = opts.rootstock ?? (started.rootstock = await startAnvil({ chainId: 33 }));
  const lightning = opts.lightning ?? (started.lightning = await startLightningDevnet());
  const ledger = 'ledger' in lightning ? lightning.ledger : lightning;
  const node = ledger.addNode('boltz', opts.nodeBalanceMsat ?? 100_000_000_000n);
  // Nonce 0 of the stand-in's account on a fresh anvil: the address the devnet preset pins.
  const etherSwap = await EtherSwap.deploy(rootstock, { nonce: 0 });
  await assertPinned(rootstock, etherSwap.address);
  let other: Promise<EtherSwap> | undefined;
  const otherEtherSwap = () => (other ??= EtherSwap.deploy(rootstock));

  const chains: Partial<Record<Currency, UtxoChain>> = { BTC: new BitcoinChain(bitcoin), 'L-BTC': new LiquidChain(liquid) };
  const book = new SwapBook({
    ledger,
    node,
    chains,
    etherSwap,
    cooperativeClaimWaitMs: opts.cooperativeClaimWaitMs ?? 3000,
    sweepFee: { BTC: 500n, 'L-BTC': 100n },
  });
  const timeouts = Object.fromEntries(
    (Object.keys(DEFAULT_TIMEOUTS) as Currency[]).map((c) => [c, { ...DEFAULT_TIMEOUTS[c], ...opts.timeouts?.[c] }]),
  ) as Record<Currency, TimeoutDeltas>;
  const pairs = { ...defaultPairs(), ...opts.pairs };
  const ctx: ApiContext = {
    book,
    pairs,
    chains,
    etherSwap,
    otherEtherSwap,
    ledger,
    node,
    timeouts,
    misbehave: {},
    liquidPolicyAsset: liquid.policyAsset,
    rootstockChainId: rootstock.chainId,
  };

  const server = new DevServer();
  registerRoutes(server, ctx);
  const origin = await server.listen(opts.port ?? 0);

  // WebSocket API at /v2/ws (boltz-backend boltzr/src/api/ws/mod.rs, status_subscriptions.rs): subscribe to swap.update, get every status change.
  const wss = new WebSocketServer({ noServer: true });
  server.httpServer!.on('upgrade', (req, socket, head) => {
    if (new URL(req.url ?? '/', 'http://x').pathname !== '/v2/ws') return socket.destroy();
    wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
  });
  const subscriptions = new Map<WebSocket, Set<string>>();
  const timestamp = () => String(Date.now());
  const update = (ws: WebSocket, id: string, status: SwapStatus) =>
    ws.send(JSON.stringify({ event: 'update', channel: 'swap.update', args: [{ id, ...status }], timestamp: timestamp() }));
  wss.on('connection', (ws: WebSocket) => {
    subscriptions.set(ws, new Set());
    ws.on('close', () => subscriptions.delete(ws));
    ws.on('message', (raw) => {
      let msg: { op?: string; channel?: string; args?: unknown[] };
      try {
        msg = JSON.parse(raw.toString());
      } catch {
        return ws.send(JSON.stringify({ event: 'error', error: 'invalid JSON' }));
      }
      if (msg.op === 'ping') return ws.send(JSON.stringify({ event: 'pong', timestamp: timestamp() }));
      if ((msg.op === 'subscribe' || msg.op === 'unsubscribe') && msg.channel === 'swap.update' && Array.isArray(msg.args)) {
        const ids = msg.args.map(String);
        const mine = subscriptions.get(ws)!;
        ws.send(JSON.stringify({ event: msg.op, channel: 'swap.update', args: ids, timestamp: timestamp() }));
        for (const id of ids) {
          if (msg.op === 'unsubscribe') {
            mine.delete(id);
            continue;
          }
          mine.add(id);
          const swap = book.get(id);
          if (swap) update(ws, id, swap.status);
        }
        return;
      }
      ws.send(JSON.stringify({ event: 'error', error: `unknown operation or channel` }));
    });
  });
  const unsubscribeBook = book.onUpdate((id, status) => {
    for (const [ws, ids] of subscriptions) if (ids.has(id) && ws.readyState === ws.OPEN) update(ws, id, status);
  });

  const pollMs = opts.pollMs ?? 250;
  let stopped = false;
  let timer: NodeJS.Timeout | null = null;
  const loop = () => {
    if (stopped || pollMs === 0) return;
    timer = setTimeout(() => void book.tick().finally(loop), pollMs);
  };
  loop();

  return {
    url: `${origin}/v2`,
    wsUrl: `${origin.replace(/^http/, 'ws')}/v2/ws`,
    swaps: book.swaps,
    book,
    ledger,
    node,
    etherSwap,
    otherEtherSwap,
    server,
    started,
    misbehave(m) {
      const previous = ctx.misbehave;
      ctx.misbehave = { ...m };
      return previous;
    },
    misbehaveSwap(id, m) {
      const swap = book.get(id);
      if (!swap) throw new Error(`no swap ${id}`);
      swap.misbehave = { ...swap.misbehave, ...m };
    },
    doubleSpendLockup(id) {
      const swap = book.get(id);
      if (!swap) throw new Error(`no swap ${id}`);
      return book.doubleSpend(swap);
    },
    sync: () => book.tick(),
    async waitForStatus(id, status, timeoutMs = 20_000) {
      const wanted = Array.isArray(status) ? status : [status];
      const deadline = Date.now() + timeoutMs;
      for (;;) {
        await book.tick();
        const swap = book.get(id);
        if (swap && wanted.includes(swap.status.status)) return swap.status;
        if (Date.now() > deadline) throw new Error(`swap ${id} is ${swap?.status.status} (${swap?.lastError ?? 'no error'}), not ${wanted.join('/')}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    },
    async stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      await book.tick().catch(() => undefined);
      unsubscribeBook();
      for (const ws of subscriptions.keys()) ws.terminate();
      wss.close();
      await server.close();
      await Promise.all([
        started.lightning?.stop(),
        started.rootstock?.stop(),
        started.liquid?.stop(),
        started.bitcoin?.stop(),
      ]);
    },
  };
}

/** The wallet refuses any EtherSwap but the devnet preset's pinned one: fail loudly here rather than in every swap. */
async function assertPinned(anvil: Anvil, address: string): Promise<void> {
  const pins = resolvePreset('rootstock', 'devnet', {}).pins ?? {};
  const code = await anvil.rpc<string>('eth_getCode', [address, 'latest']);
  const hash = `0x${bytesToHex(keccak_256(hexToBytes(code.replace(/^0x/, ''))))}`;
  if (address !== pins.etherSwap || hash !== pins.etherSwapCodeHash) {
    throw new Error(`The devnet EtherSwap (${address}, code ${hash}) is not the one the Rootstock devnet preset pins (${pins.etherSwap}, ${pins.etherSwapCodeHash}).`);
  }
}

export interface FullDevnetOptions {
  bitcoinPort?: number;
  liquidPort?: number;
  rootstockPort?: number;
  boltzPort?: number;
  lnurlPort?: number;
  /** Mine a block every so often while transactions wait (npm start); off in tests. */
  autoMineMs?: number;
}

export interface FullDevnet {
  bitcoin: BitcoinDevnet;
  liquid: LiquidDevnet;
  rootstock: Anvil;
  lightning: LightningDevnet;
  boltz: BoltzDevnet;
  stop(): Promise<void>;
}

/**
 * Every devnet the Boltz routes need, on the ports of src/shared/networks.ts's
 * devnet presets by default (bitcoin 18443, liquid 18445, rootstock 4444, Boltz
 * 9001 → preset URL http://127.0.0.1:9001/v2). Pass 0 for free ports (tests).
 */
export async function startFullDevnet(opts: FullDevnetOptions = {}): Promise<FullDevnet> {
  const bitcoin = await startBitcoinDevnet({ port: opts.bitcoinPort ?? 18443, ...(opts.autoMineMs ? { autoMineMs: opts.autoMineMs } : {}) });
  const liquid = await startLiquidDevnet({ port: opts.liquidPort ?? 18445, ...(opts.autoMineMs ? { blockIntervalMs: opts.autoMineMs } : {}) });
  const rootstock = await startAnvil({ chainId: 33, port: opts.rootstockPort ?? 4444 });
  const lightning = await startLightningDevnet(opts.lnurlPort ? { lnurlPort: opts.lnurlPort } : {});
  const boltz = await startBoltzDevnet({ bitcoin, liquid, rootstock, lightning, port: opts.boltzPort ?? BOLTZ_DEVNET_PORT });
  return {
    bitcoin,
    liquid,
    rootstock,
    lightning,
    boltz,
    async stop() {
      await boltz.stop();
      await Promise.all([lightning.stop(), rootstock.stop(), liquid.stop(), bitcoin.stop()]);
    },
  };
}
