/**
 * Every overview stamps the transactions it lists; after the first, a refresh with
 * nothing new found them all stamped and still read the whole map each time, one
 * layer after another. The worker now remembers which keys are stamped while
 * storage reports no change to the stamps.
 */
import { describe, expect, it } from 'vitest';
import { FIRST_SEEN_STORAGE_KEY, FirstSeen } from '../../../src/background/first-seen';
import { MemoryArea } from '../../helpers/memory-ports';

class WatchedArea extends MemoryArea {
  reads = 0;
  writes = 0;
  private readonly listeners: ((keys: string[]) => void)[] = [];
  override async get(keys: string[]) {
    this.reads++;
    return super.get(keys);
  }
  override async set(items: Record<string, unknown>) {
    this.writes++;
    await super.set(items);
    this.tell(Object.keys(items));
  }
  override async remove(keys: string[]) {
    await super.remove(keys);
    this.tell(keys);
  }
  private tell(keys: string[]) {
    setTimeout(() => this.listeners.forEach((l) => l(keys)), 0);
  }
  onChanged(listener: (keys: string[]) => void) {
    this.listeners.push(listener);
  }
}

const delivered = () => new Promise((r) => setTimeout(r, 5));

describe('first-seen stamps remembered by the worker', () => {
  it('stamps new keys, then answers refreshes with nothing new without reading storage', async () => {
    const area = new WatchedArea();
    const clock = { now: 1000 };
    const seen = new FirstSeen(area, () => clock.now);
    await seen.note(['tx:bitcoin:a', 'tx:bitcoin:b']);
    await delivered();
    // Read once after its own write (the change report dropped what it knew).
    await seen.note(['tx:bitcoin:a']);
    const reads = area.reads;
    clock.now = 2000;
    await Promise.all([seen.note(['tx:bitcoin:a']), seen.note(['tx:bitcoin:b']), seen.note([]), seen.note(['tx:bitcoin:a', 'tx:bitcoin:b'])]);
    expect(area.reads).toBe(reads);
    expect(area.writes).toBe(1);
    // A new key is still stamped, with its own time; the old ones keep theirs.
    await seen.note(['tx:bitcoin:a', 'tx:bitcoin:c']);
    expect(Object.fromEntries(await seen.all())).toEqual({ 'tx:bitcoin:a': 1000, 'tx:bitcoin:b': 1000, 'tx:bitcoin:c': 2000 });
  });

  it('stamps again once the stamps were removed elsewhere (a new wallet clears them)', async () => {
    const area = new WatchedArea();
    const clock = { now: 1000 };
    const seen = new FirstSeen(area, () => clock.now);
    await seen.note(['tx:bitcoin:a']);
    await delivered();
    await seen.note(['tx:bitcoin:a']);
    await area.remove([FIRST_SEEN_STORAGE_KEY]);
    await delivered();
    clock.now = 5000;
    await seen.note(['tx:bitcoin:a']);
    expect(Object.fromEntries(await seen.all())).toEqual({ 'tx:bitcoin:a': 5000 });
  });

  it('does not remember what it read while a change was on its way', async () => {
    const area = new WatchedArea();
    const clock = { now: 1000 };
    const seen = new FirstSeen(area, () => clock.now);
    await seen.note(['tx:bitcoin:a']);
    // The stamps are removed while the change report of the write above is still undelivered.
    await area.remove([FIRST_SEEN_STORAGE_KEY]);
    await seen.note([]);
    await delivered();
    clock.now = 3000;
    await seen.note(['tx:bitcoin:a']);
    expect(Object.fromEntries(await seen.all())).toEqual({ 'tx:bitcoin:a': 3000 });
  });

  it('reads storage for every note where the area reports no changes', async () => {
    const plain = new MemoryArea();
    let reads = 0;
    const area = { get: (k: string[]) => (reads++, plain.get(k)), set: plain.set.bind(plain), remove: plain.remove.bind(plain) };
    const seen = new FirstSeen(area, () => 1000);
    await seen.note(['tx:bitcoin:a']);
    await seen.note(['tx:bitcoin:a']);
    await plain.remove([FIRST_SEEN_STORAGE_KEY]);
    await seen.note(['tx:bitcoin:a']);
    expect(reads).toBe(3);
    expect((await seen.all()).get('tx:bitcoin:a')).toBe(1000);
  });
});
