import { HDKey } from '@scure/bip32';
import { mnemonicToSeedSync } from './bip39-seed';
import type { LayerDeps } from '../../src/layers/types';
import { HttpClient } from '../../src/shared/http';
import { findPreset } from '../../src/shared/networks';
import { MemoryArea } from './memory-ports';

export const ABANDON = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';

/** LayerDeps for the Lightning service on a preset, with an in-memory store and fast-failing HTTP. */
export function lightningDeps(presetId: 'testnet' | 'devnet' = 'devnet', now: () => number = Date.now): LayerDeps<'lightning'> & { store: MemoryArea } {
  const preset = findPreset('lightning', presetId)!;
  return {
    root: HDKey.fromMasterSeed(mnemonicToSeedSync(ABANDON)),
    preset,
    store: new MemoryArea(),
    http: (base) => new HttpClient(base, { retries: 0, timeoutMs: 5000 }),
    now,
  };
}
