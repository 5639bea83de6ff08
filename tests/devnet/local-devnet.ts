/**
 * The whole local devnet in one call: every chain and counterparty a move needs,
 * wired as `npm start` runs them, and the services and samples it prints. `npm start`
 * runs it on the ports the devnet presets name and at a live pace (blocks and
 * counterparties on timers); tests run it on free ports with nothing on a timer,
 * moving it on themselves (mine, sync, pass), so what they check is what is printed.
 */
import { DEVNET_RELAY, SBTC_DEVNET_DEPLOYER } from '../../src/shared/networks';
import { startBitcoinDevnet, type BitcoinDevnet } from './bitcoin';
import { startBoltzDevnet, type BoltzDevnet } from './boltz';
import { startLightningDevnet, type LightningDevnet } from './lightning';
import { startLightningDesk } from './lightning/desk';
import { startLiquidDevnet, type LiquidDevnet } from './liquid';
import { startPowpegDevnet, type PowpegDevnet } from './powpeg';
import { startAnvil, type Anvil } from './rootstock/anvil';
import { startSbtcDevnet, type SbtcDevnet } from './sbtc';
import { startStacksDevnet, type StacksDevnet } from './stacks';

/** One line `npm start` prints: a service's URL, or a sample to paste into the wallet. */
export interface PrintedService {
  name: string;
  url: string;
  /** What a user does with it; tests/integration/devnet/samples.test.ts checks each kind is usable for a move. */
  use: 'esplora+faucet' | 'rpc+faucet' | 'api+faucet' | 'service' | 'relay' | 'peg-in address' | 'nwc' | 'lnurl-pay' | 'lnurl-withdraw' | 'lnurl-auth' | 'lightning-address';
}

/** The ports the devnet presets name (src/shared/layers/*.ts); `npm start` listens on them. */
export const PRESET_PORTS = { bitcoin: 18443, rootstock: 4444, liquid: 18445, stacks: 3999, sbtc: 3031, lnurl: 3100, boltz: 9001, desk: 9002, relay: Number(new URL(DEVNET_RELAY).port) } as const;

export interface LocalDevnetOptions {
  /** Fixed ports (`npm start`); free loopback ports when left out. */
  ports?: typeof PRESET_PORTS;
  /** 'live': blocks every 10 s and counterparties acting on timers; 'manual': nothing moves until a test mines, syncs or passes. */
  pace: 'live' | 'manual';
}

export interface LocalDevnet {
  bitcoin: BitcoinDevnet;
  rootstock: Anvil;
  liquid: LiquidDevnet;
  powpeg: PowpegDevnet;
  stacks: StacksDevnet;
  sbtc: SbtcDevnet;
  lightning: LightningDevnet;
  boltz: BoltzDevnet;
  desk: { url: string };
  /** What `npm start` prints, in order. */
  printed: PrintedService[];
  /** Stops everything, counterparties before the chains they act on. */
  stop(): Promise<void>;
}

/** Timers a 'manual' devnet never fires: the test calls pass() and sync() instead. */
const NEVER_MS = 2 ** 31 - 1;

export async function startLocalDevnet(opts: LocalDevnetOptions): Promise<LocalDevnet> {
  const live = opts.pace === 'live';
  const p = opts.ports;
  const stops: (() => Promise<void>)[] = [];
  const owned = <T extends { stop(): Promise<void> }>(s: T): T => {
    stops.push(() => s.stop());
    return s;
  };
  const stop = async () => {
    for (const s of stops.reverse()) await s().catch(() => undefined);
  };
  try {
    // Live: a block every 10 s, so a send stays pending long enough to try "speed up".
    const [bitcoin, rootstock, liquid, stacks, lightning] = await Promise.all([
      startBitcoinDevnet({ ...(p ? { port: p.bitcoin } : {}), ...(live ? { autoMineMs: 10_000 } : {}) }).then(owned),
      startAnvil({ chainId: 33, ...(p ? { port: p.rootstock } : {}), ...(live ? { blockTimeSeconds: 10 } : {}) }).then(owned),
      startLiquidDevnet({ ...(p ? { port: p.liquid } : {}), ...(live ? { blockIntervalMs: 10_000 } : {}) }).then(owned),
      // Stacks: the Hiro API stand-in; sBTC (below): Emily and the signers, minting on it and answering its sbtc-registry.
      startStacksDevnet({ deployer: SBTC_DEVNET_DEPLOYER, ...(p ? { port: p.stacks } : {}), ...(live ? { blockIntervalMs: 10_000 } : {}) }).then(owned),
      // The relay on the port the Lightning preset's move journal names (NWC uses it too).
      startLightningDevnet(p ? { lnurlPort: p.lnurl, relayPort: p.relay } : {}).then(owned),
    ]);
    // One after another: each pays itself from the bcoin faucet's coins, which two at once would both pick.
    // The PowPeg's Bridge stand-in on anvil and its federation, acting on both chains.
    const powpeg = owned(await startPowpegDevnet({ bitcoin, anvil: rootstock, pollMs: live ? 2_000 : NEVER_MS }));
    const sbtc = owned(
      await startSbtcDevnet({ bitcoin, stacks, deployer: SBTC_DEVNET_DEPLOYER, pollMs: live ? 5_000 : NEVER_MS, mint: async (to, sats) => stacks.mintSbtc(to, sats), ...(p ? { port: p.sbtc } : {}) }),
    );
    // Boltz API v2 stand-in acting as the counterparty on these chains and the Lightning ledger
    // (its EtherSwap at nonce 0 of its account on this anvil: the address the devnet preset pins).
    const boltz = owned(await startBoltzDevnet({ bitcoin, liquid, rootstock, lightning, pollMs: live ? 2_000 : 0, ...(p ? { port: p.boltz } : {}) }));
    sbtc.mountRegistry(stacks.server);
    const desk = owned(await startLightningDesk(lightning, p?.desk ?? 0));
    const printed: PrintedService[] = [
      { name: 'Bitcoin regtest (bcoin) Esplora + faucet', url: bitcoin.esploraUrl, use: 'esplora+faucet' },
      { name: 'Rootstock regtest (anvil, chain 33) JSON-RPC', url: rootstock.url, use: 'rpc+faucet' },
      { name: 'Liquid (Elements regtest stand-in) Esplora + faucet', url: liquid.url, use: 'esplora+faucet' },
      { name: 'PowPeg federation (Bridge stand-in on anvil), federation address', url: powpeg.federationAddress, use: 'peg-in address' },
      { name: 'Stacks (Hiro API stand-in, a block every 10 s)', url: stacks.url, use: 'api+faucet' },
      { name: 'sBTC Emily + signers stand-in', url: sbtc.url, use: 'service' },
      { name: 'Boltz API v2 stand-in', url: boltz.url, use: 'service' },
      { name: 'Lightning desk (pay / create regtest invoices, see README)', url: desk.url, use: 'service' },
      { name: 'Lightning: lnurl-node server (ledger backend)', url: lightning.lnurlUrl, use: 'service' },
      { name: 'Nostr relay (NWC, move journal)', url: lightning.relayUrl, use: 'relay' },
      { name: 'Lightning: NWC connection for the wallet (Lightning > Connect)', url: lightning.nwcUri, use: 'nwc' },
      { name: 'Lightning: LNURL-pay link (also a move destination)', url: lightning.samples.payLink, use: 'lnurl-pay' },
      { name: 'Lightning: LNURL-withdraw link (fills the connected wallet)', url: lightning.samples.withdrawLink, use: 'lnurl-withdraw' },
      { name: 'Lightning: LNURL-auth login', url: lightning.samples.login, use: 'lnurl-auth' },
      { name: 'Lightning Address (also a move destination)', url: lightning.samples.lightningAddress, use: 'lightning-address' },
    ];
    return { bitcoin, rootstock, liquid, powpeg, stacks, sbtc, lightning, boltz, desk, printed, stop };
  } catch (err) {
    await stop();
    throw err;
  }
}
