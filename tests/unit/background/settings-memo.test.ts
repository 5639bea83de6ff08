/**
 * The worker keeps one copy of Settings in memory (a refresh of five layers read them
 * fifteen times): shared by requests at once, replaced by a save before the save
 * answers, and dropped when storage says another context changed them.
 */
import { describe, expect, it } from 'vitest';
import { SettingsStore } from '../../../src/background/settings-store';
import { SETTINGS_STORAGE_KEY } from '../../../src/shared/settings';
import { MemoryArea } from '../../helpers/memory-ports';

/** A memory area that counts reads and tells listeners of changes later, as storage.onChanged does (another task). */
class WatchedArea extends MemoryArea {
  reads = 0;
  private readonly listeners: ((keys: string[]) => void)[] = [];
  /** Holds every read until released, to put a save in the middle of one. */
  gate: Promise<void> | null = null;
  override async get(keys: string[]) {
    this.reads++;
    const gate = this.gate;
    const answer = await super.get(keys);
    if (gate) await gate;
    return answer;
  }
  override async set(items: Record<string, unknown>) {
    await super.set(items);
    const keys = Object.keys(items);
    setTimeout(() => this.listeners.forEach((l) => l(keys)), 0);
  }
  onChanged(listener: (keys: string[]) => void) {
    this.listeners.push(listener);
  }
  /** Another context (a page, the devnet starter) writes storage.local directly. */
  async writeElsewhere(items: Record<string, unknown>) {
    await this.set(items);
  }
}

const changesDelivered = () => new Promise((r) => setTimeout(r, 5));

describe('settings kept in memory', () => {
  it('answers requests made at once from one read, and later ones from none', async () => {
    const area = new WatchedArea();
    const store = new SettingsStore(area);
    const all = await Promise.all([store.get(), store.get(), store.get(), store.get(), store.get()]);
    expect(area.reads).toBe(1);
    expect(new Set(all.map((s) => s.networks.bitcoin))).toEqual(new Set(['testnet4']));
    await store.get();
    expect(area.reads).toBe(1);
  });

  it('answers the request after a save with the saved settings, before storage reports the change', async () => {
    const area = new WatchedArea();
    const store = new SettingsStore(area);
    expect((await store.get()).networks.bitcoin).toBe('testnet4');
    await store.update({ networks: { bitcoin: 'devnet' }, endpoints: { 'bitcoin.devnet.esplora': 'http://127.0.0.1:5000/api' } });
    // No change event has run yet: the memo itself was replaced by the save.
    const next = await store.get();
    expect(next.networks.bitcoin).toBe('devnet');
    expect(next.endpoints['bitcoin.devnet.esplora']).toBe('http://127.0.0.1:5000/api');
  });

  it('drops its copy when another context writes the settings, and reads them again', async () => {
    const area = new WatchedArea();
    const store = new SettingsStore(area);
    expect((await store.get()).hiddenLayers).toEqual([]);
    await area.writeElsewhere({ [SETTINGS_STORAGE_KEY]: { autoLockMinutes: 7, networks: {}, endpoints: {}, hiddenLayers: ['stacks'] } });
    await changesDelivered();
    const s = await store.get();
    expect(s.hiddenLayers).toEqual(['stacks']);
    expect(s.autoLockMinutes).toBe(7);
    expect(area.reads).toBe(2);
    // Another key changing keeps the copy.
    await area.writeElsewhere({ 'overview.bitcoin.devnet': {} });
    await changesDelivered();
    await store.get();
    expect(area.reads).toBe(2);
  });

  it('never lets a read that began before a save put the old settings back', async () => {
    const area = new WatchedArea();
    const store = new SettingsStore(area);
    let release!: () => void;
    area.gate = new Promise((r) => (release = r));
    const before = store.get();
    // The save reads the current settings through the same held read, so it waits too: let it read, then hold the next.
    const saving = store.update({ autoLockMinutes: 3 });
    release();
    area.gate = null;
    expect((await before).autoLockMinutes).toBe(15);
    await saving;
    expect((await store.get()).autoLockMinutes).toBe(3);
    await changesDelivered();
    expect((await store.get()).autoLockMinutes).toBe(3);
  });

  it('reads again after its own save was reported, so a held read answered late is not kept', async () => {
    const area = new WatchedArea();
    const store = new SettingsStore(area);
    await store.get();
    let release!: () => void;
    await store.update({ autoLockMinutes: 4 });
    await changesDelivered();
    // The change event dropped the copy: the next request reads, and a save lands while that read is held.
    area.gate = new Promise((r) => (release = r));
    const reading = store.get();
    area.gate = null;
    const saved = store.update({ autoLockMinutes: 9 });
    release();
    await saved;
    await reading;
    expect((await store.get()).autoLockMinutes).toBe(9);
  });

  it('builds a save on what storage holds, not on a copy another context’s write has not reached yet', async () => {
    const area = new WatchedArea();
    const store = new SettingsStore(area);
    expect((await store.get()).hiddenLayers).toEqual([]);
    // Written elsewhere; its change report is still on its way when the user saves something else.
    await area.writeElsewhere({ [SETTINGS_STORAGE_KEY]: { autoLockMinutes: 15, networks: { bitcoin: 'devnet' }, endpoints: {}, hiddenLayers: ['stacks'] } });
    const saved = await store.update({ autoLockMinutes: 3 });
    expect(saved.networks.bitcoin).toBe('devnet');
    expect(saved.hiddenLayers).toEqual(['stacks']);
    await changesDelivered();
    expect(await store.get()).toMatchObject({ autoLockMinutes: 3, hiddenLayers: ['stacks'], networks: { bitcoin: 'devnet' } });
  });

  it('hands out copies: a caller changing what it got changes nobody else’s', async () => {
    const store = new SettingsStore(new WatchedArea());
    const a = await store.get();
    a.hiddenLayers.push('liquid');
    a.networks.bitcoin = 'signet';
    const b = await store.get();
    expect(b.hiddenLayers).toEqual([]);
    expect(b.networks.bitcoin).toBe('testnet4');
  });

  it('reads storage on every request where the area reports no changes (no copy can be kept honest)', async () => {
    const area = new MemoryArea();
    let reads = 0;
    const counting = { get: (k: string[]) => (reads++, area.get(k)), set: area.set.bind(area), remove: area.remove.bind(area) };
    const store = new SettingsStore(counting);
    await store.get();
    await area.set({ [SETTINGS_STORAGE_KEY]: { autoLockMinutes: 2, networks: {}, endpoints: {} } });
    expect((await store.get()).autoLockMinutes).toBe(2);
    expect(reads).toBe(2);
  });

  it('reads again after a failed read', async () => {
    const area = new WatchedArea();
    let fail = true;
    const flaky = Object.assign(Object.create(area) as WatchedArea, {
      get: async (keys: string[]) => {
        if (fail) throw new Error('storage unavailable');
        return area.get(keys);
      },
    });
    const store = new SettingsStore(flaky);
    await expect(store.get()).rejects.toThrow('storage unavailable');
    fail = false;
    expect((await store.get()).networks.bitcoin).toBe('testnet4');
  });
});

describe('settings kept in memory, when change reports arrive before a save answers', () => {
  /** Delivers change reports at once (before set() resolves); `afterWrite` runs between a write landing and its answer. */
  class EagerArea extends MemoryArea {
    private readonly listeners: ((keys: string[]) => void)[] = [];
    afterWrite: (() => Promise<void>) | null = null;
    override async set(items: Record<string, unknown>) {
      await super.set(items);
      this.listeners.forEach((l) => l(Object.keys(items)));
      const then = this.afterWrite;
      this.afterWrite = null;
      if (then) await then();
    }
    onChanged(listener: (keys: string[]) => void) {
      this.listeners.push(listener);
    }
  }

  it('does not keep its save over settings another context wrote before the save answered', async () => {
    const area = new EagerArea();
    const store = new SettingsStore(area);
    await store.get();
    // Another context's write lands (and is reported) after this save's write, before its answer.
    area.afterWrite = () => area.set({ [SETTINGS_STORAGE_KEY]: { autoLockMinutes: 7, networks: { bitcoin: 'signet' }, endpoints: {}, hiddenLayers: [] } });
    await store.update({ networks: { bitcoin: 'devnet' } });
    const s = await store.get();
    expect(s.networks.bitcoin).toBe('signet');
    expect(s.autoLockMinutes).toBe(7);
  });

  it('still answers the request after its own save with it', async () => {
    const area = new EagerArea();
    const store = new SettingsStore(area);
    await store.get();
    await store.update({ networks: { bitcoin: 'devnet' } });
    expect((await store.get()).networks.bitcoin).toBe('devnet');
  });
});
