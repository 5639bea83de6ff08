/** A hop context over real layer services pointed at devnets, for the hop integration tests. */
import { HDKey } from '@scure/bip32';
import { mnemonicToSeedSync } from './bip39-seed';
import { HopKeys } from '../../src/hops/keys';
import type { HopContext } from '../../src/hops/mechanism';
import { BitcoinService } from '../../src/layers/bitcoin/service';
import { RootstockService } from '../../src/layers/rootstock/service';
import { StacksService } from '../../src/layers/stacks/service';
import type { LayerDeps } from '../../src/layers/types';
import { HttpClient } from '../../src/shared/http';
import { LAYER_IDS, type LayerId } from '../../src/shared/layers';
import { endpointKey, pinKey, resolvePreset, type NetworkPreset } from '../../src/shared/networks';
import { hopSides } from './hop-sides';
import { MemoryArea } from './memory-ports';

export interface HopWallet {
  ctx: HopContext;
  store: MemoryArea;
  bitcoin: BitcoinService;
  rootstock: RootstockService;
  stacks: StacksService;
}

/**
 * `endpoints` maps `layer.key` to URLs, `pins` maps `layer.pin` to pinned values; `networks` picks presets (devnet by default).
 * `publicLike` layers get their devnet preset under another id, so the wallet treats it as a public network
 * (no fresh-keys exemption: counterparty keys must be pinned) while it still talks to the local servers.
 * A "restart" is a second call with the same mnemonic and store: fresh services, same storage.
 */
export function hopWallet(opts: {
  mnemonic: string;
  endpoints: Record<string, string>;
  pins?: Record<string, string>;
  networks?: Partial<Record<LayerId, string>>;
  publicLike?: LayerId[];
  store?: MemoryArea;
}): HopWallet {
  const root = HDKey.fromMasterSeed(mnemonicToSeedSync(opts.mnemonic));
  const store = opts.store ?? new MemoryArea();
  const networks = Object.fromEntries(LAYER_IDS.map((l) => [l, opts.networks?.[l] ?? 'devnet'])) as Record<LayerId, string>;
  const overrides: Record<string, string> = {};
  for (const [k, url] of Object.entries(opts.endpoints)) {
    const [layer, key] = k.split('.') as [LayerId, string];
    overrides[endpointKey(layer, networks[layer], key)] = url;
  }
  const pins: Record<string, string> = {};
  for (const [k, value] of Object.entries(opts.pins ?? {})) {
    const [layer, key] = k.split('.') as [LayerId, string];
    pins[pinKey(layer, networks[layer], key)] = value;
  }
  const resolved = (l: LayerId) => {
    const preset = resolvePreset(l, networks[l], overrides, pins);
    return opts.publicLike?.includes(l) ? { ...preset, id: `${preset.id}-as-public`, label: `${preset.label}, as a public network` } : preset;
  };
  const presets = Object.fromEntries(LAYER_IDS.map((l) => [l, resolved(l)])) as { [L in LayerId]: NetworkPreset<L> };
  const http = (url: string) => new HttpClient(url, { retries: 1, baseDelayMs: 50 });
  const deps = <L extends LayerId>(layer: L): LayerDeps<L> => ({ root, preset: presets[layer], store, http, now: () => Date.now() });
  const bitcoin = new BitcoinService(deps('bitcoin'));
  const rootstock = new RootstockService(deps('rootstock'));
  const stacks = new StacksService(deps('stacks'));
  const ctx: HopContext = {
    keys: new HopKeys(root, mnemonicToSeedSync),
    root,
    presets,
    side: hopSides({ bitcoin, rootstock, stacks }),
    http,
    now: () => Date.now(),
  };
  return { ctx, store, bitcoin, rootstock, stacks };
}

/**
 * What a worker killed right after broadcasting a hop's funding leaves when the
 * write that recorded the funding's id never reached the disk (a write lost to a
 * crash, or overwritten by a stale one): `taken` becomes a copy of `store` made
 * just before the first write that stores `field` in a hop's data. The worker
 * itself goes on, so the funding is broadcast.
 */
export function storageBeforeSaving(store: MemoryArea, field: string): { taken?: MemoryArea } {
  const out: { taken?: MemoryArea } = {};
  const set = store.set.bind(store);
  store.set = async (items) => {
    const records = items['hops.records'] as { data: Record<string, unknown> }[] | undefined;
    if (!out.taken && records?.some((r) => r.data[field] !== undefined)) {
      out.taken = new MemoryArea();
      for (const [k, v] of store.data) out.taken.data.set(k, v);
    }
    return set(items);
  };
  return out;
}
