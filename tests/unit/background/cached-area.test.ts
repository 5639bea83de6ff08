/**
 * The worker reads storage through one copy per key: what it read before is not read
 * again (a refresh with nothing new read nine keys of storage.local, two of them
 * twice), until a write, a removal or a change report of that key; each caller gets
 * its own copy; an answer a change overtook is not kept.
 */
import { describe, expect, it } from 'vitest';
import { CachedArea } from '../../../src/background/cached-area';
import { SESSION_SECRET_KEYS } from '../../../src/background/wallet';
import { NwcConnections } from '../../../src/layers/lightning/nwc-connections';
import { PRESETS } from '../../../src/shared/networks';
import { MemoryArea } from '../../helpers/memory-ports';

/** A memory area that counts the keys read and reports changes later, as storage.onChanged does (another task). */
class WatchedArea extends MemoryArea {
  readKeys: string[] = [];
  private readonly listeners: ((keys: string[]) => void)[] = [];
  /** Holds every read's answer until released, to put a change in the middle of one. */
  gate: Promise<void> | null = null;
  /** Holds every read until released before it reads, so it sees what was written meanwhile. */
  gateBefore: Promise<void> | null = null;
  override async get(keys: string[]) {
    this.readKeys.push(...keys);
    if (this.gateBefore) await this.gateBefore;
    const answer = await super.get(keys);
    if (this.gate) await this.gate;
    return answer;
  }
  override async set(items: Record<string, unknown>) {
    await super.set(items);
    this.report(Object.keys(items));
  }
  override async remove(keys: string[]) {
    await super.remove(keys);
    this.report(keys);
  }
  private report(keys: string[]) {
    setTimeout(() => this.listeners.forEach((l) => l(keys)), 0);
  }
  onChanged(listener: (keys: string[]) => void) {
    this.listeners.push(listener);
  }
  /** Another context (a page) writes the area directly. */
  elsewhere = (items: Record<string, unknown>) => this.set(items);
}

const reportsDelivered = () => new Promise((r) => setTimeout(r, 5));

/** An area holding `items`, their change reports delivered (the worker starts after them). */
async function areaWith(items: Record<string, unknown>): Promise<WatchedArea> {
  const area = new WatchedArea();
  await area.set(items);
  await reportsDelivered();
  return area;
}

function held(): { gate: Promise<void>; release: () => void } {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  return { gate, release };
}

describe('storage read through the worker\'s copy', () => {
  it('reads a key from storage once, then answers from memory, absent keys too', async () => {
    const area = await areaWith({ 'bitcoin.devnet.sends': [{ txid: 'a' }] });
    const cached = new CachedArea(area);
    expect(await cached.get(['bitcoin.devnet.sends', 'nothing.here'])).toEqual({ 'bitcoin.devnet.sends': [{ txid: 'a' }] });
    expect(await cached.get(['bitcoin.devnet.sends'])).toEqual({ 'bitcoin.devnet.sends': [{ txid: 'a' }] });
    expect(await cached.get(['nothing.here'])).toEqual({});
    expect(area.readKeys).toEqual(['bitcoin.devnet.sends', 'nothing.here']);
  });

  it('gives each caller its own copy', async () => {
    const area = await areaWith({ k: { list: [1] } });
    const cached = new CachedArea(area);
    const first = (await cached.get(['k'])).k as { list: number[] };
    first.list.push(2);
    const second = (await cached.get(['k'])).k as { list: number[] };
    expect(second.list).toEqual([1]);
    second.list.push(3);
    expect(((await cached.get(['k'])).k as { list: number[] }).list).toEqual([1]);
  });

  it('answers the read after its own write with what was written, before storage reports it', async () => {
    const area = await areaWith({ k: 1 });
    const cached = new CachedArea(area);
    await cached.get(['k']);
    await cached.set({ k: 2 });
    expect(await cached.get(['k'])).toEqual({ k: 2 });
    await cached.remove(['k']);
    expect(await cached.get(['k'])).toEqual({});
  });

  it('reads again what another context changed, once the change is reported', async () => {
    const area = await areaWith({ k: 1 });
    const cached = new CachedArea(area);
    await cached.get(['k']);
    await area.elsewhere({ k: 2 });
    await reportsDelivered();
    expect(await cached.get(['k'])).toEqual({ k: 2 });
    expect(area.readKeys).toEqual(['k', 'k']);
  });

  it('does not keep an answer that a change report overtook', async () => {
    const area = await areaWith({ k: 1 });
    const cached = new CachedArea(area);
    const hold = held();
    area.gate = hold.gate;
    const read = cached.get(['k']);
    await area.elsewhere({ k: 2 });
    await reportsDelivered();
    hold.release();
    area.gate = null;
    // This read began before the change: its answer may be the old value, but it is not kept.
    await read;
    expect(await cached.get(['k'])).toEqual({ k: 2 });
  });

  it('does not keep an answer that its own write overtook', async () => {
    const area = await areaWith({ k: 1 });
    const cached = new CachedArea(area);
    const hold = held();
    area.gate = hold.gate;
    const read = cached.get(['k']);
    const write = cached.set({ k: 2 });
    hold.release();
    area.gate = null;
    await Promise.all([read, write]);
    expect(await cached.get(['k'])).toEqual({ k: 2 });
  });

  it('answers keys written together as storage holds them, never one from before a write and one from after', async () => {
    const area = await areaWith({ a: 1, b: 1 });
    const cached = new CachedArea(area);
    await cached.get(['a']);
    const hold = held();
    area.gateBefore = hold.gate;
    const read = cached.get(['a', 'b']);
    area.gateBefore = null;
    const write = cached.set({ a: 2, b: 2 });
    hold.release();
    await write;
    const answer = await read;
    expect(answer.a).toBe(answer.b);
  });

  it('keeps no copy where the area reports no changes, nor of the keys it is told not to keep', async () => {
    const plain = new MemoryArea();
    let reads = 0;
    const counting = Object.assign(Object.create(plain) as MemoryArea, {
      get: (keys: string[]) => (reads++, plain.get(keys)),
    });
    await plain.set({ k: 1 });
    const uncached = new CachedArea(counting);
    await uncached.get(['k']);
    await uncached.get(['k']);
    expect(reads).toBe(2);
    expect(uncached.onChanged).toBeUndefined();

    const area = await areaWith({ secret: 's', k: 1 });
    const cached = new CachedArea(area, { except: ['secret'] });
    await cached.get(['secret', 'k']);
    await cached.get(['secret', 'k']);
    expect(area.readKeys).toEqual(['secret', 'k', 'secret']);
  });

  it('keeps no copy of an NWC link in the worker\'s session area: its client secret spends, and would outlive a lock', async () => {
    const keys = PRESETS.lightning.map((p) => NwcConnections.storageKey(p.id));
    expect(keys.length).toBeGreaterThan(0);
    const area = await areaWith(Object.fromEntries(keys.map((k) => [k, { version: 1, secret: 'ab'.repeat(32) }])));
    // As the worker wires its storage.session (index.ts).
    const session = new CachedArea(area, { except: SESSION_SECRET_KEYS });
    for (const k of keys) {
      await session.get([k]);
      await session.get([k]);
    }
    expect(area.readKeys).toEqual(keys.flatMap((k) => [k, k]));
  });

  it('passes change reports on to its own listeners, after dropping its copy', async () => {
    const area = await areaWith({ k: 1 });
    const cached = new CachedArea(area);
    await cached.get(['k']);
    const seen: unknown[] = [];
    cached.onChanged!(() => void cached.get(['k']).then((v) => seen.push(v.k)));
    await area.elsewhere({ k: 2 });
    await reportsDelivered();
    expect(seen).toEqual([2]);
  });
});
