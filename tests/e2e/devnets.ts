/**
 * The devnets the browser tests share. Each e2e worker runs its files in turn without
 * isolation (vitest.config.ts), so a service starts once per worker, on free loopback
 * ports, when the worker's first file asks for it, and stops when the worker ends.
 *
 * Files share chains, never wallets: each imports its own phrase (`phraseFor`), and
 * asserts on its own addresses or on what a devnet's records gained while it ran,
 * never on a devnet's whole history. A file that turns a test switch on
 * turns it off in its afterAll.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { entropyToMnemonic } from '@scure/bip39';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { test as base } from 'vitest';
import { SBTC_DEVNET_DEPLOYER } from '../../src/shared/networks';
import { startBitcoinDevnet, type BitcoinDevnet } from '../devnet/bitcoin';
import { startBoltzDevnet, type BoltzDevnet } from '../devnet/boltz';
import { startLightningDevnet, type LightningDevnet } from '../devnet/lightning';
import { startLiquidDevnet, type LiquidDevnet } from '../devnet/liquid';
import { startPowpegDevnet, type PowpegDevnet } from '../devnet/powpeg';
import { startAnvil, type Anvil } from '../devnet/rootstock/anvil';
import { startSbtcDevnet, type SbtcDevnet } from '../devnet/sbtc';
import { startStacksDevnet, type StacksDevnet } from '../devnet/stacks';

/** The signers and the federation act only when a test calls `pass()` (as when each file started its own with a 60 s poll). */
const NO_POLL_MS = 2 ** 31 - 1;

export interface SbtcMint {
  recipient: string;
  sats: bigint;
}

/** Boltz and the chains it alone acts on, plus the shared Lightning devnet its node is on. */
export interface BoltzDevnets {
  boltz: BoltzDevnet;
  bitcoin: BitcoinDevnet;
  liquid: LiquidDevnet;
  rootstock: Anvil;
  lightning: LightningDevnet;
}

export class Devnets {
  private readonly started = new Map<string, Promise<unknown>>();
  private readonly stops: (() => Promise<void>)[] = [];
  /** Every sBTC mint the signers made, in order. */
  readonly sbtcMints: SbtcMint[] = [];

  /** Starts a service once; a failed start is not cached, so the next file gets a fresh attempt and its own error. */
  private once<T>(name: string, start: () => Promise<T & { stop(): Promise<void> }>): Promise<T> {
    let running = this.started.get(name) as Promise<T> | undefined;
    if (!running) {
      running = start().then((service) => {
        this.stops.push(() => service.stop());
        return service;
      });
      running.catch(() => this.started.delete(name));
      this.started.set(name, running);
    }
    return running;
  }

  bitcoin = (): Promise<BitcoinDevnet> => this.once('bitcoin', () => startBitcoinDevnet());
  liquid = (): Promise<LiquidDevnet> => this.once('liquid', () => startLiquidDevnet());
  rootstock = (): Promise<Anvil> => this.once('rootstock', () => startAnvil({ chainId: 33 }));
  lightning = (): Promise<LightningDevnet> => this.once('lightning', () => startLightningDevnet());
  stacks = (): Promise<StacksDevnet> => this.once('stacks', () => startStacksDevnet({ deployer: SBTC_DEVNET_DEPLOYER }));

  /**
   * Boltz's nursery acts on its own every 200 ms (claims, refunds, retries), so it gets chains of
   * its own (started and stopped with it): the files that count what reaches a chain never share one with it.
   */
  boltz = (): Promise<BoltzDevnets> =>
    this.once('boltz', async () => {
      const lightning = await this.lightning();
      const boltz = await startBoltzDevnet({ lightning, pollMs: 200 });
      const { bitcoin, liquid, rootstock } = boltz.started;
      return { boltz, bitcoin: bitcoin!, liquid: liquid!, rootstock: rootstock!, lightning, stop: () => boltz.stop() };
    });

  powpeg = (): Promise<PowpegDevnet> =>
    this.once('powpeg', async () => {
      const [bitcoin, anvil] = await Promise.all([this.bitcoin(), this.rootstock()]);
      return startPowpegDevnet({ bitcoin, anvil, minLockSats: 100_000n, pollMs: NO_POLL_MS });
    });

  sbtc = (): Promise<SbtcDevnet> =>
    this.once('sbtc', async () => {
      const [bitcoin, stacks] = await Promise.all([this.bitcoin(), this.stacks()]);
      const sbtc = await startSbtcDevnet({
        bitcoin,
        stacks,
        deployer: SBTC_DEVNET_DEPLOYER,
        pollMs: NO_POLL_MS,
        mint: async (recipient, sats) => {
          this.sbtcMints.push({ recipient, sats });
          return stacks.mintSbtc(recipient, sats);
        },
      });
      sbtc.mountRegistry(stacks.server);
      return sbtc;
    });

  /** Stops what was started, dependents first (Boltz, the federation and the signers before the chains they act on). */
  async stop(): Promise<void> {
    await Promise.allSettled([...this.started.values()]);
    for (const stop of this.stops.reverse()) await stop().catch(() => undefined);
  }
}

/** `test` with the worker's devnets, for `test.beforeAll(async ({ devnets }) => …)`. */
export const test = base.extend('devnets', { scope: 'worker' }, async ({}, { onCleanup }) => {
  const devnets = new Devnets();
  onCleanup(() => devnets.stop());
  return devnets;
});

/** A phrase of this file's own (the same on every run), so no two files share an address on a shared chain. */
export function phraseFor(file: string): string {
  return entropyToMnemonic(sha256(utf8ToBytes(`layerhop e2e ${file}`)).slice(0, 16), wordlist);
}
