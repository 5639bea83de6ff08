/**
 * Every devnet a move needs, started once for a test file (the same startLocalDevnet
 * `npm start` runs, on free ports, nothing on a timer), and wallets on it as the
 * service worker wires them: WalletService, SettingsStore, Layers and Hops behind the
 * real RPC dispatch (params validated, errors typed), so a test calls what the popup
 * calls. Each wallet is funded on every layer the way a user funds one: the faucet
 * buttons' handlers, the Stacks faucet, the printed LNURL-withdraw link into a
 * Lightning wallet of its own (an NWC wallet service on the devnet relay), and sBTC
 * from the signers' mint (the devnet has no sBTC faucet).
 *
 *   const d = allDevnetsForFile();
 *   const w = await d().wallet();
 *   const { routes } = await w.call('hops.plan', { from, to, amount: '0.001' });
 *   const hop = await w.call('hops.start', { quoteId: routes[0].quoteId });
 *   const done = await w.waitUntilDone(hop.id);
 */
import { generateMnemonic } from '@scure/bip39';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { afterAll, beforeAll } from 'vitest';
import { WebSocket } from 'ws';
import { createHandlers } from '../../../src/background/handlers';
import { LabelStore } from '../../../src/background/labels/store';
import { Hops } from '../../../src/background/hops';
import { Layers } from '../../../src/background/layers';
import { handleMessage } from '../../../src/background/rpc';
import { SettingsStore } from '../../../src/background/settings-store';
import { WalletService } from '../../../src/background/wallet';
import { MECHANISMS } from '../../../src/hops/registry';
import { stacksAddress } from '../../../src/layers/stacks/keys';
import type { ChainView, HopRecordView } from '../../../src/shared/hop-views';
import type { AssetRef } from '../../../src/shared/hop-views';
import { LAYER_IDS, type LayerId } from '../../../src/shared/layers';
import { endpointKey } from '../../../src/shared/networks';
import { RPC_TAG, type MethodName, type ParamsOf, type ResultOf } from '../../../src/shared/rpc';
import { startLocalDevnet, type LocalDevnet } from '../../devnet/local-devnet';
import type { DevNode } from '../../devnet/lightning/ledger';
import { startNwcWalletService, type NwcWalletService } from '../../devnet/lightning/nwc-wallet-service';
import { memoryPorts } from '../../helpers/memory-ports';

/** The wallet's NWC client needs the browser's WebSocket; Node 20 has none. */
(globalThis as { WebSocket?: unknown }).WebSocket ??= WebSocket;

const SELF = { id: 'layerhop-test', baseUrl: 'chrome-extension://layerhop-test/' };
const POPUP = { id: SELF.id, url: `${SELF.baseUrl}popup.html` };
const PASSWORD = 'Correct-Horse-42';
const FUNDING_AT_ONCE = 3;

/** What a wallet is funded with, in each asset's smallest unit; the faucets decide the rest (their handlers' amounts). */
export interface Funding {
  /** Pulled from the printed LNURL-withdraw link into the wallet's own Lightning wallet (sats). */
  lightningSats: bigint;
  /** Minted by the sBTC signers (sats). */
  sbtcSats: bigint;
}
const DEFAULT_FUNDING: Funding = { lightningSats: 100_000n, sbtcSats: 500_000n };

export interface MoveWallet {
  mnemonic: string;
  hops: Hops;
  layers: Layers;
  settings: SettingsStore;
  wallet: WalletService;
  /** A request as the popup sends it; a refusal throws the WalletError's shape (code, message). */
  call<M extends MethodName>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>>;
  /** What the wallet holds of `asset` (confirmed and pending), in its smallest unit. */
  balance(asset: AssetRef): Promise<bigint>;
  /** The wallet's Lightning node on the devnet ledger (behind its NWC wallet service). */
  lightningNode: DevNode;
  /** Advances the hop or chained move `id` (as the popup's polls do) and the devnets until it ends. */
  waitUntilDone(id: string): Promise<HopRecordView | ChainView>;
}

export interface AllDevnets extends LocalDevnet {
  /** Settings' endpoint overrides pointing every devnet preset at these servers. */
  endpoints: Record<string, string>;
  /** A new wallet (fresh phrase unless given) on every devnet preset, funded on every layer. */
  wallet(opts?: { mnemonic?: string; funding?: Partial<Funding> }): Promise<MoveWallet>;
  /** One step of every devnet: a block on each chain, then Boltz, the federation and the sBTC signers act. Calls at once share one step. */
  step(): Promise<void>;
}

export async function startAllDevnets(): Promise<AllDevnets> {
  const d = await startLocalDevnet({ pace: 'manual' });
  const nwcServices: NwcWalletService[] = [];
  const endpoints: Record<string, string> = {
    [endpointKey('bitcoin', 'devnet', 'esplora')]: d.bitcoin.esploraUrl,
    [endpointKey('bitcoin', 'devnet', 'explorer')]: d.bitcoin.url,
    [endpointKey('bitcoin', 'devnet', 'boltz')]: d.boltz.url,
    [endpointKey('liquid', 'devnet', 'esplora')]: d.liquid.url,
    [endpointKey('liquid', 'devnet', 'explorer')]: d.liquid.url,
    [endpointKey('rootstock', 'devnet', 'rpc')]: d.rootstock.url,
    [endpointKey('rootstock', 'devnet', 'explorer')]: d.rootstock.url,
    [endpointKey('stacks', 'devnet', 'api')]: d.stacks.url,
    [endpointKey('stacks', 'devnet', 'explorer')]: d.stacks.url,
    [endpointKey('stacks', 'devnet', 'emily')]: d.sbtc.url,
  };
  const withdrawLink = d.printed.find((s) => s.use === 'lnurl-withdraw')!.url;

  let stepping: Promise<void> | null = null;
  /** The last failure of each counterparty's pass: as on their live timers, the next step tries again. */
  const passErrors = new Map<string, string>();
  const pass = async (who: string, run: () => Promise<void>) => {
    await run().then(
      () => passErrors.delete(who),
      (err: Error) => passErrors.set(who, err.message),
    );
  };
  const step = (): Promise<void> =>
    (stepping ??= (async () => {
      try {
        await Promise.all([d.bitcoin.mine(1), d.rootstock.mine(1)]);
        d.liquid.mine(1);
        d.stacks.mine();
        // Counterparties act on what the blocks show, one after another (they share bcoin's faucet coins).
        await pass('boltz', () => d.boltz.sync());
        await pass('federation', () => d.powpeg.pass());
        await pass('sbtc signers', () => d.sbtc.pass());
      } finally {
        stepping = null;
      }
    })());

  /**
   * At most FUNDING_AT_ONCE wallets are funded at a time: every server runs in this process, and a
   * dozen wallets discovering their Bitcoin addresses and asking for Liquid coins (range proofs,
   * computed in the event loop) at once hold up other requests past the wallet's 15 s timeout.
   */
  let fundingNow = 0;
  const fundingWaiters: (() => void)[] = [];
  const fundInTurn = async <T>(fund: () => Promise<T>): Promise<T> => {
    while (fundingNow >= FUNDING_AT_ONCE) await new Promise<void>((r) => fundingWaiters.push(r));
    fundingNow++;
    try {
      return await fund();
    } finally {
      fundingNow--;
      fundingWaiters.shift()?.();
    }
  };

  /**
   * The Rootstock faucet pays from anvil's dev account with eth_sendTransaction, the nonce left to
   * anvil, which can hand two concurrent sends from one account the same nonce: one at a time.
   */
  let rootstockFaucet: Promise<unknown> = Promise.resolve();
  const rootstockFaucetInTurn = <T>(pay: () => Promise<T>): Promise<T> => {
    // The federation's pass sends from that account too (on anvil's nonce): a collision with it is paid again.
    const payOnce = () => pay().catch((err: Error) => (/nonce/i.test(err.message) ? pay() : Promise.reject(err)));
    const paid = rootstockFaucet.then(payOnce, payOnce);
    rootstockFaucet = paid.catch(() => undefined);
    return paid;
  };

  async function wallet(opts: { mnemonic?: string; funding?: Partial<Funding> } = {}): Promise<MoveWallet> {
    const funding = { ...DEFAULT_FUNDING, ...opts.funding };
    const mnemonic = opts.mnemonic ?? generateMnemonic(wordlist);
    const ports = { ...memoryPorts(), now: () => Date.now() };
    const settings = new SettingsStore(ports.local);
    const walletService = new WalletService(ports, settings);
    await walletService.importPhrase(mnemonic, PASSWORD);
    await settings.update({ networks: Object.fromEntries(LAYER_IDS.map((l) => [l, 'devnet'])) as Record<LayerId, string>, endpoints });
    const layers = new Layers(walletService, settings, ports.local, ports.now, ports.session);
    // Loopback is in the manifest's host_permissions: granted at install.
    layers.hostAccess = { allows: async (u) => u.hostname === '127.0.0.1' };
    const hops = new Hops(walletService, settings, layers, ports.local, ports.now, MECHANISMS);
    const handlers = createHandlers(walletService, settings, layers, hops, new LabelStore(ports.local));
    const call = async <M extends MethodName>(method: M, params: ParamsOf<M>): Promise<ResultOf<M>> => {
      const reply = await handleMessage({ tag: RPC_TAG, method, params }, POPUP, SELF, handlers)!;
      if (!reply.ok) throw Object.assign(new Error(`${method}: ${reply.error.message}`), { code: reply.error.code });
      return reply.result as ResultOf<M>;
    };

    // Its own Lightning wallet, reached over Nostr Wallet Connect as the user's would be.
    const lightningNode = d.lightning.ledger.addNode(`wallet-${mnemonic.split(' ', 2).join('-')}`);
    // In turn with funding: two dozen wallets opening relay sockets at once starve the relay past the connect timeout.
    await fundInTurn(async () => {
      const nwc = await startNwcWalletService({ relayUrl: d.lightning.relayUrl, ledger: d.lightning.ledger, node: lightningNode });
      nwcServices.push(nwc);
      await call('lightning.nwcConnect', { uri: nwc.connectionUri });
    });

    const stxAddress = stacksAddress((await walletService.unlockedKeyring()).root, (await layers.deps('stacks')).preset.params).address;
    const rbtcTo = await fundInTurn(async () => {
      const [, , rootstock] = await Promise.all([
        call('bitcoin.devnetFaucet', {}),
        call('liquid.devnetFaucet', {}),
        rootstockFaucetInTurn(() => call('rootstock.devnetFaucet', {})),
        call('stacks.faucet', {}),
        call('lightning.withdraw', { text: withdrawLink, amount: funding.lightningSats.toString() }),
      ]);
      d.stacks.mintSbtc(stxAddress, funding.sbtcSats);
      return rootstock.address;
    });
    await step();

    const balance = async (asset: AssetRef): Promise<bigint> => {
      switch (asset.layer) {
        case 'lightning':
          return lightningNode.balanceMsat / 1000n;
        case 'rootstock':
          return BigInt(await d.rootstock.rpc<string>('eth_getBalance', [rbtcTo.toLowerCase(), 'latest']));
        case 'stacks':
          return d.stacks.sbtcBalance(stxAddress);
        default: {
          // Bitcoin and Liquid: the wallet's own view (it alone can see its HD addresses and unblind).
          const overview = await (await layers.service(asset.layer)).overview();
          const b = overview.balances.find((x) => x.symbol === asset.asset);
          return b ? BigInt(b.confirmed) + BigInt(b.pending) : 0n;
        }
      }
    };

    const waitUntilDone = async (id: string): Promise<HopRecordView | ChainView> => {
      const isHop = (await hops.list()).some((h) => h.id === id);
      // As the popup's move screen polls: a hop, or a chain and then its legs' hops still under way.
      const follow = async (): Promise<HopRecordView | ChainView> => {
        if (isHop) return call('hops.get', { id });
        const chain = await call('chains.get', { id });
        const under = chain.legs.filter((l, i) => l.hopId && (i === chain.current || l.outcome === 'in-progress'));
        if (!under.length) return chain;
        await Promise.all(under.map((l) => call('hops.get', { id: l.hopId! })));
        return call('chains.get', { id });
      };
      for (let pass = 0; pass < 120; pass++) {
        const now = await follow();
        const ended = 'outcome' in now ? now.outcome !== 'in-progress' : now.status !== 'running';
        if (ended) return now;
        await step();
      }
      throw new Error(`${id} did not end after 120 devnet steps; counterparties' last failures: ${JSON.stringify([...passErrors])}`);
    };

    return { mnemonic, hops, layers, settings, wallet: walletService, call, balance, lightningNode, waitUntilDone };
  }

  return {
    ...d,
    endpoints,
    wallet,
    step,
    stop: async () => {
      for (const s of nwcServices) await s.stop().catch(() => undefined);
      await d.stop();
    },
  };
}

/** Starts every devnet before this file's tests and stops them after; call the returned function inside a test. */
export function allDevnetsForFile(): () => AllDevnets {
  let started: AllDevnets | undefined;
  beforeAll(async () => {
    started = await startAllDevnets();
  }, 300_000);
  afterAll(async () => {
    await started?.stop();
  });
  return () => {
    if (!started) throw new Error('the devnets did not start');
    return started;
  };
}
