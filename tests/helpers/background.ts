/** The background's services wired as index.ts wires them, over memory ports and a fake clock. */
import { Hops } from '../../src/background/hops';
import { Layers } from '../../src/background/layers';
import { SettingsStore } from '../../src/background/settings-store';
import type { BackgroundPorts } from '../../src/background/ports';
import { WalletService } from '../../src/background/wallet';
import type { Mechanism } from '../../src/hops/mechanism';
import { HopStore } from '../../src/hops/records';
import type { HopRecord } from '../../src/hops/types';
import { DEFAULT_NETWORKS } from '../../src/shared/networks';
import { MemoryAlarms, MemoryArea, memoryPorts } from './memory-ports';

export const ABANDON = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';
export const PASSWORD = 'Correct-Horse-42';

export function background(mechanisms: Mechanism[] = [], ports = memoryPorts()) {
  const settings = new SettingsStore(ports.local);
  const wallet = new WalletService(ports, settings);
  const layers = new Layers(wallet, settings, ports.local, ports.now, ports.session);
  const hops = new Hops(wallet, settings, layers, ports.local, ports.now, mechanisms);
  return { ports, settings, wallet, layers, hops, store: new HopStore(ports.local) };
}

type MemoryPorts = ReturnType<typeof memoryPorts>;
type Stored = { local: [string, string][]; session: [string, string][]; alarms: [string, number][] };
const importedOnce = new Map<string, Promise<Stored>>();

/**
 * `wallet.importPhrase(phrase, PASSWORD)`, for tests that need an unlocked wallet but do not
 * test the import: its vault costs a 600,000-round PBKDF2, so the import runs for real once
 * per test file and phrase, and later calls on fresh storage start from a copy of what it
 * wrote, as a worker restarted after the import finds it. Storage already written, another
 * clock or other ports than memoryPorts() get the real import.
 */
export async function importWallet(wallet: WalletService, ports: BackgroundPorts, phrase = ABANDON) {
  const fresh = (p: BackgroundPorts): p is MemoryPorts =>
    p.local instanceof MemoryArea && p.session instanceof MemoryArea && p.alarms instanceof MemoryAlarms &&
    p.local.data.size === 0 && p.session.data.size === 0 && p.alarms.alarms.size === 0;
  if (!fresh(ports) || ports.now() !== memoryPorts().now()) return wallet.importPhrase(phrase, PASSWORD);
  let stored = importedOnce.get(phrase);
  if (!stored) {
    const scratch = memoryPorts();
    stored = new WalletService(scratch, new SettingsStore(scratch.local))
      .importPhrase(phrase, PASSWORD)
      .then(() => ({ local: [...scratch.local.data], session: [...scratch.session.data], alarms: [...scratch.alarms.alarms] }));
    importedOnce.set(phrase, stored);
  }
  const { local, session, alarms } = await stored;
  for (const [k, v] of local) ports.local.data.set(k, v);
  for (const [k, v] of session) ports.session.data.set(k, v);
  for (const [k, v] of alarms) ports.alarms.alarms.set(k, v);
  await wallet.restore();
  return wallet.status();
}

/** A mechanism that only advances existing hops (the hop records are put in the store by the test). */
export function advancingMechanism(advance: Mechanism['advance']): Mechanism {
  const unused = async (): Promise<never> => {
    throw new Error('not used');
  };
  return { id: 'powpeg-pegin', pairs: () => [], quote: unused, create: unused, advance };
}

/**
 * Keeps its hop in progress and, on every advance, does what a real mechanism does
 * with the wallet: builds a layer service and derives the hop's key.
 */
export function waitingMechanism(log: { advances: number; keysSeen: Uint8Array[] }): Mechanism {
  return advancingMechanism(async (ctx, r) => {
    await ctx.side('bitcoin');
    log.keysSeen.push(ctx.keys.at(r.index).privateKey);
    log.advances++;
    return { ...r, state: 'awaiting-credit', nextCheckAt: ctx.now() + 60_000 };
  });
}

export function inProgressHop(now: number): HopRecord {
  return {
    id: 'hop-test-0',
    index: 0,
    mechanism: 'powpeg-pegin',
    from: { layer: 'bitcoin', asset: 'BTC' },
    to: { layer: 'rootstock', asset: 'RBTC' },
    send: '300000',
    expectedReceive: '3000000000000000',
    // The presets Settings select by default: a hop on others would wait, not advance.
    network: { bitcoin: DEFAULT_NETWORKS.bitcoin, rootstock: DEFAULT_NETWORKS.rootstock },
    createdAt: now,
    updatedAt: now,
    state: 'funded',
    outcome: 'in-progress',
    steps: [],
    data: {},
  };
}
