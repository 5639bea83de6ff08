import { describe, expect, it } from 'vitest';
import { LAYER_IDS } from '../../../src/shared/layers';
import { DEFAULT_NETWORKS, findPreset, groupOfNetworks, networksOfGroup } from '../../../src/shared/networks';

describe('one switch for every layer', () => {
  it('puts every layer on its local devnet preset, each of which exists', () => {
    const devnet = networksOfGroup('devnet');
    expect(Object.keys(devnet).sort()).toEqual([...LAYER_IDS].sort());
    for (const layer of LAYER_IDS) {
      expect(devnet[layer]).toBe('devnet');
      expect(findPreset(layer, devnet[layer])?.endpoints).toBeDefined();
    }
    expect(groupOfNetworks(devnet)).toBe('devnet');
  });

  it('puts every layer back on its default public testnet', () => {
    expect(networksOfGroup('testnets')).toEqual(DEFAULT_NETWORKS);
    expect(groupOfNetworks(DEFAULT_NETWORKS)).toBe('testnets');
  });

  it('calls a selection with some layers on the devnet and some not mixed, and any public presets testnets', () => {
    expect(groupOfNetworks({ ...networksOfGroup('devnet'), stacks: 'testnet' })).toBe('mixed');
    expect(groupOfNetworks({ ...DEFAULT_NETWORKS, liquid: 'devnet' })).toBe('mixed');
    expect(groupOfNetworks({ ...DEFAULT_NETWORKS, bitcoin: 'testnet3' })).toBe('testnets');
  });
});
