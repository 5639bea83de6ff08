import { describe, expect, it } from 'vitest';
import { ChainStore } from '../../../../src/hops/chained/store';
import type { ChainRecord } from '../../../../src/hops/chained/types';
import { MemoryArea } from '../../../helpers/memory-ports';

function chain(id: string): ChainRecord {
  return {
    id,
    from: { layer: 'stacks', asset: 'sBTC' },
    to: { layer: 'lightning', asset: 'BTC' },
    send: '100000',
    expectedReceive: '90000',
    minReceive: '85000',
    legs: [],
    current: 0,
    status: 'running',
    network: {},
    createdAt: 1,
    updatedAt: 1,
  };
}

/** A storage area whose reads answer late, so interleaved read-modify-writes would lose one another. */
class SlowArea extends MemoryArea {
  override async get(keys: string[]) {
    await new Promise((r) => setTimeout(r, Math.random() * 5));
    return super.get(keys);
  }
}

describe('chain store', () => {
  it('keeps every chain when many are saved and updated at once, through several stores over one area', async () => {
    const area = new SlowArea();
    const stores = [new ChainStore(area), new ChainStore(area)];
    await Promise.all(Array.from({ length: 12 }, (_, i) => stores[i % 2]!.put(chain(`chain-${i}`))));
    await Promise.all(Array.from({ length: 12 }, (_, i) => stores[(i + 1) % 2]!.update(`chain-${i}`, (c) => ({ ...c, current: 1 }))));
    const all = await new ChainStore(area).all();
    expect(all.map((c) => c.id).sort()).toEqual(Array.from({ length: 12 }, (_, i) => `chain-${i}`).sort());
    expect(all.every((c) => c.current === 1)).toBe(true);
  });

  it('stores a new chain once, and updates only a stored one', async () => {
    const store = new ChainStore(new MemoryArea());
    expect(await store.putNew(chain('chain-a'))).toBe(true);
    expect(await store.putNew({ ...chain('chain-a'), status: 'left' })).toBe(false);
    expect((await store.get('chain-a'))!.status).toBe('running');
    expect(await store.update('chain-b', (c) => c)).toBeUndefined();
    expect(await store.all()).toHaveLength(1);
  });
});
