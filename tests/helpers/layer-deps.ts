/** Builds a layer's dependencies for tests: a real key tree, a preset pointed at a devnet, in-memory storage. */
import { HDKey } from '@scure/bip32';
import { generateMnemonic } from '@scure/bip39';
import { mnemonicToSeedSync } from './bip39-seed';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { HttpClient } from '../../src/shared/http';
import type { LayerId } from '../../src/shared/layers';
import { endpointKey, resolvePreset } from '../../src/shared/networks';
import type { LayerDeps } from '../../src/layers/types';
import { MemoryArea } from './memory-ports';

export const ABANDON = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';

export interface TestDeps<L extends LayerId> extends LayerDeps<L> {
  store: MemoryArea;
  /** Requests made, by URL, in order. */
  requests: string[];
}

export function testDeps<L extends LayerId>(
  layer: L,
  presetId: string,
  endpoints: Record<string, string>,
  mnemonic = generateMnemonic(wordlist),
): TestDeps<L> {
  const overrides = Object.fromEntries(Object.entries(endpoints).map(([k, v]) => [endpointKey(layer, presetId, k), v]));
  const requests: string[] = [];
  return {
    root: HDKey.fromMasterSeed(mnemonicToSeedSync(mnemonic)),
    preset: resolvePreset(layer, presetId, overrides),
    store: new MemoryArea(),
    http: (url) => new HttpClient(url, { retries: 1, baseDelayMs: 50, onRequest: (_m, u) => requests.push(u) }),
    now: () => Date.now(),
    requests,
  };
}
