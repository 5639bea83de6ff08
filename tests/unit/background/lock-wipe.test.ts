/**
 * Locking forgets every key the background holds, not only the keyring: the
 * hop key tree, the layer services built on the root, the Nostr Wallet Connect
 * links opened with it; private key bytes are zeroed where the library allows.
 * An abandoned onboarding does not leave its phrase in storage.session.
 */
import type { HDKey } from '@scure/bip32';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { Musig } from 'boltz-core';
import { internalKeyOf } from '../../../src/hops/boltz/taproot';
import { HopKeys } from '../../../src/hops/keys';
import { NwcConnections } from '../../../src/layers/lightning/nwc-connections';
import { LAYER_MODULES } from '../../../src/layers/registry';
import type { BitcoinService } from '../../../src/layers/bitcoin/service';
import { AUTO_LOCK_ALARM, ONBOARDING_ALARM } from '../../../src/background/wallet';
import { SCAN_MEMO_KEYS } from '../../../src/layers/scan-memo';
import { ABANDON, advancingMechanism, background, importWallet, inProgressHop, PASSWORD } from '../../helpers/background';
import { englishOf } from '../../helpers/english-of';

const PENDING_KEY = 'pendingBackup';

/**
 * HopKeys.create held at its await: the tree is built from the root at once and handed over on
 * release(), as create derives the rescue phrase at once and then awaits the seed.
 */
function heldBuild() {
  let release!: () => void;
  const gate = new Promise<void>((r) => (release = r));
  let entered!: () => void;
  const building = new Promise<void>((r) => (entered = r));
  let built: HopKeys | undefined;
  const create = vi.spyOn(HopKeys, 'create').mockImplementation(async (root) => {
    built = new HopKeys(root);
    entered();
    await gate;
    return built;
  });
  return { building, release, built: () => built, restore: () => create.mockRestore() };
}

describe('lock wipes what the background derived', () => {
  it('zeroes the root, the hop keys and the services’ key nodes, and empties every cache', async () => {
    const bg = background();
    await importWallet(bg.wallet, bg.ports);
    const { root } = await bg.wallet.unlockedKeyring();
    const hopKeys = (await bg.hops.context()).keys;
    const bitcoin = await bg.layers.service('bitcoin');
    const owned = bitcoin.keys.address('p2wpkh', 0, 0);
    const liquid = await bg.layers.service('liquid');
    const liquidAccount = (liquid as unknown as { account: HDKey }).account;
    // A connected Lightning wallet (NWC) opened with this root.
    await bg.ports.session.set({
      [NwcConnections.storageKey('testnet')]: { version: 1, walletPubkey: 'ab'.repeat(32), relays: ['wss://relay.example'], secret: 'cd'.repeat(32), connectedAt: 0 },
    });
    expect(await bg.layers.lightningFunding()).not.toBeNull();

    // Before the lock every one of them can sign.
    expect(root.privateKey).not.toBeNull();
    const hopPublic = hopKeys.at(0).publicKey;
    expect(hopKeys.at(0).privateKey).toHaveLength(32);
    expect(bitcoin.keys.privateKey(owned)).toHaveLength(32);
    expect(liquidAccount.privateKey).not.toBeNull();

    await bg.wallet.lock();

    expect(root.privateKey).toBeNull();
    expect(() => hopKeys.at(0)).toThrow();
    expect(hopKeys.rescueMnemonic).toBe('');
    expect(() => bitcoin.keys.privateKey(owned)).toThrow();
    expect(liquidAccount.privateKey).toBeNull();
    const layersCaches = bg.layers as unknown as { services: Map<unknown, unknown>; nwc: { live: Map<unknown, unknown> } };
    expect(layersCaches.services.size).toBe(0);
    expect(layersCaches.nwc.live.size).toBe(0);
    expect((bg.hops as unknown as { keys: unknown }).keys).toBeNull();

    // Unlocked again, fresh objects are built from the new session.
    await bg.wallet.unlock(PASSWORD);
    expect(await bg.layers.service('bitcoin')).not.toBe(bitcoin);
    const freshKeys = (await bg.hops.context()).keys;
    expect(freshKeys).not.toBe(hopKeys);
    expect(freshKeys.at(0).publicKey).toEqual(hopPublic);
  });

  it('a lock while the hop key tree is still being built wipes that tree once built, and the context refuses as locked', async () => {
    const bg = background();
    await importWallet(bg.wallet, bg.ports);
    const build = heldBuild();
    try {
      const context = bg.hops.context();
      await build.building;
      await bg.wallet.lock();
      build.release();
      await expect(context).rejects.toMatchObject({ code: 'locked' });
      expect(build.built()!.rescueMnemonic).toBe('');
      expect(() => build.built()!.at(0)).toThrow();
      expect((bg.hops as unknown as { keys: unknown }).keys).toBeNull();
    } finally {
      build.restore();
    }
  });

  it('a tree built while a lock is under way (its wipes not run yet) is not handed out', async () => {
    const bg = background();
    await importWallet(bg.wallet, bg.ports);
    const build = heldBuild();
    // The lock stops after forgetting the keyring, before its listeners (the hop keys' wipe) run.
    let releaseLock!: () => void;
    const lockGate = new Promise<void>((r) => (releaseLock = r));
    const remove = bg.ports.session.remove.bind(bg.ports.session);
    const held = vi.spyOn(bg.ports.session, 'remove').mockImplementationOnce(async (keys) => {
      await lockGate;
      return remove(keys);
    });
    try {
      const context = bg.hops.context();
      await build.building;
      const locking = bg.wallet.lock();
      build.release();
      await expect(context).rejects.toMatchObject({ code: 'locked' });
      releaseLock();
      await locking;
      expect(() => build.built()!.at(0)).toThrow();
    } finally {
      build.restore();
      held.mockRestore();
    }
  });

  it('another root without a lock between (an unlock over a session) drops the old tree, zeroed', async () => {
    const bg = background();
    await importWallet(bg.wallet, bg.ports);
    const first = (await bg.hops.context()).keys;
    await bg.wallet.unlock(PASSWORD);
    const second = (await bg.hops.context()).keys;
    expect(second).not.toBe(first);
    expect(first.rescueMnemonic).toBe('');
    expect(() => first.at(0)).toThrow();
    expect(second.at(0).publicKey).toHaveLength(33);
  });

  it('forgets the swaps’ internal keys it held on lock (public, but they link the wallet’s swaps)', async () => {
    const bg = background();
    await importWallet(bg.wallet, bg.ports);
    const a = secp256k1.getPublicKey(secp256k1.utils.randomSecretKey(), true);
    const b = secp256k1.getPublicKey(secp256k1.utils.randomSecretKey(), true);
    const aggregate = vi.spyOn(Musig, 'aggregateKeys');
    try {
      internalKeyOf(a, b);
      internalKeyOf(a, b);
      expect(aggregate).toHaveBeenCalledTimes(1);
      await bg.wallet.lock();
      internalKeyOf(a, b);
      expect(aggregate).toHaveBeenCalledTimes(2);
    } finally {
      aggregate.mockRestore();
    }
  });

  it('a hop key tree that failed to build is not kept: the next context builds it again', async () => {
    const bg = background();
    await importWallet(bg.wallet, bg.ports);
    const create = vi.spyOn(HopKeys, 'create').mockRejectedValueOnce(new Error('WebCrypto refused'));
    try {
      await expect(bg.hops.context()).rejects.toThrow('WebCrypto refused');
      const keys = (await bg.hops.context()).keys;
      expect(keys.at(0).privateKey).toHaveLength(32);
      expect(create).toHaveBeenCalledTimes(2);
    } finally {
      create.mockRestore();
    }
  });

  it('the auto-lock alarm wipes the same way', async () => {
    const bg = background();
    await bg.settings.update({ autoLockMinutes: 1 });
    await bg.wallet.importPhrase(ABANDON, PASSWORD);
    const hopKeys = (await bg.hops.context()).keys;
    bg.ports.clock.now += 60_000;
    await bg.wallet.onAlarm(AUTO_LOCK_ALARM);
    expect((await bg.wallet.status()).state).toBe('locked');
    expect(() => hopKeys.at(0)).toThrow();
  });

  it('a hop advancing when the lock comes fails that step, stays in progress, and completes after unlock', async () => {
    let release!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    let entered!: () => void;
    const atGate = new Promise<void>((r) => (entered = r));
    let calls = 0;
    // The first advance is cut by the lock between reading the world and signing.
    const mechanism = advancingMechanism(async (ctx, r) => {
      if (calls++ === 0) {
        entered();
        await gate;
      }
      const key = ctx.keys.at(r.index);
      return { ...r, state: 'claimed', outcome: 'completed', data: { ...r.data, signedWith: key.publicKey.length } };
    });
    const bg = background([mechanism]);
    await importWallet(bg.wallet, bg.ports);
    await bg.store.put(inProgressHop(bg.ports.clock.now));
    const running = bg.hops.tick(true);
    await atGate;
    await bg.wallet.lock();
    release();
    const [cut] = await running;
    expect(cut).toMatchObject({ outcome: 'in-progress', state: 'funded' });
    expect(englishOf(cut!.lastError)).toMatch(/locked while this move was being worked on/);

    await bg.wallet.unlock(PASSWORD);
    const [done] = await bg.hops.tick(true);
    expect(done).toMatchObject({ outcome: 'completed', state: 'claimed', data: { signedWith: 33 } });
  });
});

describe('a layer service being built when the lock comes', () => {
  afterEach(() => vi.restoreAllMocks());

  /** A point a build stops at (`pass`) until the test has locked and calls `release`. */
  function gate() {
    let release!: () => void;
    const opened = new Promise<void>((r) => (release = r));
    let enter!: () => void;
    const reached = new Promise<void>((r) => (enter = r));
    return { reached, release, pass: () => (enter(), opened) };
  }

  it('is refused and not kept when the lock comes while its dependencies are read', async () => {
    const bg = background();
    await importWallet(bg.wallet, bg.ports);
    const get = bg.settings.get.bind(bg.settings);
    const g = gate();
    // The keyring has been handed out; the settings read is the last step before the build.
    bg.settings.get = async () => {
      const s = await get();
      bg.settings.get = get;
      await g.pass();
      return s;
    };
    const building = bg.layers.service('bitcoin');
    await g.reached;
    await bg.wallet.lock();
    g.release();
    await expect(building).rejects.toMatchObject({ code: 'locked' });
    expect((bg.layers as unknown as { services: Map<unknown, unknown> }).services.size).toBe(0);
  });

  it('is wiped, refused and not kept when the lock comes while an asynchronous factory builds it', async () => {
    const bg = background();
    await importWallet(bg.wallet, bg.ports);
    const factory = LAYER_MODULES.bitcoin.service;
    const g = gate();
    let built: BitcoinService | undefined;
    vi.spyOn(LAYER_MODULES.bitcoin, 'service').mockImplementation(((deps: Parameters<typeof factory>[0]) =>
      (async () => {
        built = await factory(deps);
        await g.pass();
        return built;
      })()) as unknown as typeof factory);
    const building = bg.layers.service('bitcoin');
    await g.reached;
    const owned = built!.keys.address('p2wpkh', 0, 0);
    expect(built!.keys.privateKey(owned)).toHaveLength(32);
    await bg.wallet.lock();
    g.release();
    await expect(building).rejects.toMatchObject({ code: 'locked' });
    expect(() => built!.keys.privateKey(owned)).toThrow();
    expect((bg.layers as unknown as { services: Map<unknown, unknown> }).services.size).toBe(0);
  });

  it('whose factory failed is built again on the next request, not answered with the old failure', async () => {
    const bg = background();
    await importWallet(bg.wallet, bg.ports);
    const factory = LAYER_MODULES.bitcoin.service;
    vi.spyOn(LAYER_MODULES.bitcoin, 'service').mockImplementationOnce((() => Promise.reject(new Error('backend down'))) as unknown as typeof factory);
    await expect(bg.layers.service('bitcoin')).rejects.toThrow('backend down');
    const again = await bg.layers.service('bitcoin');
    expect(again.keys.privateKey(again.keys.address('p2wpkh', 0, 0))).toHaveLength(32);
  });
});

describe('an abandoned onboarding does not keep its phrase', () => {
  const pending = async (bg: ReturnType<typeof background>) => (await bg.ports.session.get([PENDING_KEY]))[PENDING_KEY];

  it('importing a phrase instead drops the generated one', async () => {
    const bg = background();
    await bg.wallet.generate(12);
    expect(await pending(bg)).toBeDefined();
    await bg.wallet.importPhrase(ABANDON, PASSWORD);
    expect(await pending(bg)).toBeUndefined();
  });

  it('the phrase expires 30 minutes after it was shown, by alarm or on the next look', async () => {
    const bg = background();
    await bg.wallet.generate(12);
    const expiry = bg.ports.alarms.alarms.get(ONBOARDING_ALARM);
    expect(expiry).toBe(bg.ports.clock.now + 30 * 60_000);
    bg.ports.clock.now = expiry!;
    await bg.wallet.onAlarm(ONBOARDING_ALARM);
    expect(await pending(bg)).toBeUndefined();

    // A late or lost alarm: the next status read drops it, and the backup must start over.
    const { words, confirmPositions } = await bg.wallet.generate(12);
    bg.ports.clock.now += 30 * 60_000;
    await bg.wallet.status();
    expect(await pending(bg)).toBeUndefined();
    const answers = Object.fromEntries(confirmPositions.map((p) => [String(p), words[p - 1]!]));
    await expect(bg.wallet.confirm(answers)).rejects.toMatchObject({ code: 'backup_not_started' });
  });

  it('a restarted worker drops an expired phrase', async () => {
    const bg = background();
    await bg.wallet.generate(24);
    bg.ports.clock.now += 31 * 60_000;
    const restarted = background([], bg.ports);
    await restarted.wallet.restore();
    expect(await pending(bg)).toBeUndefined();
  });

  it('a lock request drops it', async () => {
    const bg = background();
    await bg.wallet.generate(12);
    await bg.wallet.lock();
    expect(await pending(bg)).toBeUndefined();
  });

  it('a phrase confirmed within the time still creates the wallet, and is gone after', async () => {
    const bg = background();
    const { words, confirmPositions } = await bg.wallet.generate(12);
    bg.ports.clock.now += 29 * 60_000;
    await bg.wallet.confirm(Object.fromEntries(confirmPositions.map((p) => [String(p), words[p - 1]!])));
    expect((await bg.wallet.create(PASSWORD)).state).toBe('unlocked');
    expect(await pending(bg)).toBeUndefined();
    expect(bg.ports.alarms.alarms.has(ONBOARDING_ALARM)).toBe(false);
  });
});

describe('the scans kept for the next worker (scan-memo.ts) leave storage.session at lock', () => {
  const memo = { owner: 'o', tip: 'a'.repeat(64), mempool: [], height: 1, value: {} };

  it('with the seed, in the one removal that ends the session, and again after the services are wiped, even if one fails', async () => {
    const bg = background();
    await importWallet(bg.wallet, bg.ports);
    const liquid = await bg.layers.service('liquid');
    // A wipe that throws must not keep the removal after the services from running.
    vi.spyOn(liquid, 'wipe').mockImplementation(() => {
      throw new Error('wipe failed');
    });
    const removals: string[][] = [];
    const remove = bg.ports.session.remove.bind(bg.ports.session);
    vi.spyOn(bg.ports.session, 'remove').mockImplementation(async (keys) => {
      removals.push(keys);
      return remove(keys);
    });
    await bg.ports.session.set(Object.fromEntries(SCAN_MEMO_KEYS.map((k) => [k, memo])));
    await bg.wallet.lock();
    expect(removals[0]).toEqual(expect.arrayContaining(['unlocked', ...SCAN_MEMO_KEYS]));
    expect(removals.filter((r) => SCAN_MEMO_KEYS.every((k) => r.includes(k)))).toHaveLength(2);
    for (const k of SCAN_MEMO_KEYS) expect(bg.ports.session.data.has(k)).toBe(false);
  });

  it('a worker that starts locked drops what a lock cut short left', async () => {
    const bg = background();
    await importWallet(bg.wallet, bg.ports);
    await bg.wallet.lock();
    // As if the worker had ended between the seed's removal and the kept scans'.
    await bg.ports.session.set({ [SCAN_MEMO_KEYS[0]!]: memo });
    const next = background([], bg.ports);
    await next.wallet.restore();
    expect(bg.ports.session.data.has(SCAN_MEMO_KEYS[0]!)).toBe(false);
  });
});
