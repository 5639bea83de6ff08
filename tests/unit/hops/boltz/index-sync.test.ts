/**
 * The key index sync started at plan time (index-sync.ts) and the start that comes
 * while it runs, over the real HopStore, with Boltz's POST /swap/restore answered by
 * a stub the test releases: so the order of the two is chosen, not left to timing.
 * The devnet tests (tests/integration/hops/boltz/index-sync.test.ts) run it end to end.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { HDKey } from '@scure/bip32';
import { mnemonicToSeedSync } from '../../../helpers/bip39-seed';
import { address as btcAddress, networks } from 'bitcoinjs-lib';
import { describe, expect, it } from 'vitest';
import { beforeBoltzIndex, prepareBoltzIndex } from '../../../../src/hops/boltz/index-sync';
import { buildTree, outputKey, p2trScript, serializeTree } from '../../../../src/hops/boltz/taproot';
import { HopKeys } from '../../../../src/hops/keys';
import type { HopContext } from '../../../../src/hops/mechanism';
import { HopStore } from '../../../../src/hops/records';
import type { RouteQuote } from '../../../../src/hops/types';
import { WalletError } from '../../../../src/shared/errors';
import { HttpClient } from '../../../../src/shared/http';
import { resolvePreset } from '../../../../src/shared/networks';
import { englishOf } from '../../../helpers/english-of';
import { MemoryArea } from '../../../helpers/memory-ports';

const MNEMONIC = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';
const keys = new HopKeys(HDKey.fromMasterSeed(mnemonicToSeedSync(MNEMONIC)));
const boltzKey = secp256k1.getPublicKey(secp256k1.utils.randomSecretKey(), true);
const BOLTZ = 'http://127.0.0.1:9/v2';

/** A finished submarine swap whose refund key is ours at index `i`: the restore marks the index used and stores nothing. */
function claimedSwap(i: number) {
  const ours = keys.at(i).publicKey;
  const tree = buildTree({ shape: 'submarine', liquid: false, preimageHash: sha256(new Uint8Array([i])), claimPublicKey: boltzKey, refundPublicKey: ours, timeoutBlockHeight: 900 });
  const address = btcAddress.fromOutputScript(p2trScript(outputKey(false, boltzKey, ours, tree)), networks.regtest);
  return {
    id: `swap${i}`,
    type: 'submarine',
    status: 'transaction.claimed',
    createdAt: 1_700_000_000,
    from: 'BTC',
    to: 'BTC',
    preimageHash: bytesToHex(sha256(new Uint8Array([i]))),
    refundDetails: { type: 'utxo', tree: serializeTree(tree), keyIndex: i, lockupAddress: address, serverPublicKey: bytesToHex(boltzKey), timeoutBlockHeight: 900, amount: 50_000 },
  };
}

/**
 * A Boltz whose restore answers are held until the test lets each go: `answer()` lets the
 * oldest waiting request have `swaps` (or what it is given), `fail()` drops it as an
 * unreachable host would.
 */
function heldBoltz(swaps: unknown[]) {
  const waiting: { ok: (answer: unknown[]) => void; fail: () => void }[] = [];
  const asked: string[] = [];
  let arrived: () => void = () => undefined;
  const fetchImpl = (async (url: string, init?: RequestInit) => {
    asked.push(`${init?.method ?? 'GET'} ${url}`);
    arrived();
    if (!String(url).endsWith('/swap/restore')) return new Response(JSON.stringify({ error: 'not found' }), { status: 404 });
    return new Promise<Response>((resolve, reject) => {
      waiting.push({ ok: (answer) => resolve(new Response(JSON.stringify(answer), { status: 200 })), fail: () => reject(new TypeError('fetch failed')) });
    });
  }) as typeof fetch;
  const rootstock = resolvePreset('rootstock', 'devnet', {});
  const ctx: HopContext = {
    keys,
    root: undefined as never,
    presets: {
      bitcoin: resolvePreset('bitcoin', 'devnet', {}),
      lightning: resolvePreset('lightning', 'devnet', {}),
      stacks: resolvePreset('stacks', 'devnet', {}),
      liquid: resolvePreset('liquid', 'devnet', {}),
      // No Rootstock node: nothing to read from EtherSwap here.
      rootstock: { ...rootstock, endpoints: { ...rootstock.endpoints, rpc: '' } },
    },
    side: (async () => {
      throw new Error('no layer is asked during an index sync of finished swaps');
    }) as unknown as HopContext['side'],
    http: (base) => new HttpClient(base, { retries: 0, fetchImpl }),
    now: () => 1_700_000_000_000,
  };
  /** Resolves once `n` requests have been made. */
  const requests = async (n: number) => {
    while (asked.length < n) await new Promise<void>((r) => (arrived = r));
  };
  return {
    ctx,
    asked,
    requests,
    answer: (answer: unknown[] = swaps) => waiting.shift()!.ok(answer),
    fail: () => waiting.shift()!.fail(),
  };
}

const quote = { mechanism: 'boltz-reverse', available: true, terms: { boltz: BOLTZ } } as unknown as RouteQuote<'boltz-reverse'>;

/** The engine's start around beforeIndex: the sync, then the next index reserved, while no other hop is created. */
function start(ctx: HopContext, store: HopStore): Promise<number> {
  return store.creating(async () => {
    await beforeBoltzIndex(ctx, quote, store);
    return store.reserveIndex();
  });
}

describe("a profile's first Boltz swap with the index sync begun at plan time", () => {
  it('a start during the early request waits for that request and takes an index past what it shows: one request, applied once', async () => {
    const boltz = heldBoltz([claimedSwap(5)]);
    const store = new HopStore(new MemoryArea());
    const early = prepareBoltzIndex(boltz.ctx, quote, store);
    // A second plan of the same Boltz while the first's sync runs joins it.
    const again = prepareBoltzIndex(boltz.ctx, quote, store);
    await boltz.requests(1);
    const index = start(boltz.ctx, store);
    boltz.answer();
    expect(await index).toBe(6);
    await Promise.all([early, again]);
    expect(boltz.asked).toEqual([`POST ${BOLTZ}/swap/restore`]);
    expect(await store.indexSynced(`boltz:${BOLTZ}`)).toBe(true);
    expect(await store.all()).toEqual([]);
  });

  it('a start after the early sync ended asks Boltz nothing', async () => {
    const boltz = heldBoltz([claimedSwap(2)]);
    const store = new HopStore(new MemoryArea());
    const early = prepareBoltzIndex(boltz.ctx, quote, store);
    await boltz.requests(1);
    boltz.answer();
    await early;
    expect(await store.indexSynced(`boltz:${BOLTZ}`)).toBe(true);
    expect(await start(boltz.ctx, store)).toBe(3);
    expect(boltz.asked).toHaveLength(1);
    // Later plans do not ask again either.
    await prepareBoltzIndex(boltz.ctx, quote, store);
    expect(boltz.asked).toHaveLength(1);
  });

  /** A start while the plan's request is in flight, that request failing: the start's own request is then waiting. */
  async function startDuringFailedEarly() {
    const boltz = heldBoltz([claimedSwap(7)]);
    const store = new HopStore(new MemoryArea());
    const early = prepareBoltzIndex(boltz.ctx, quote, store);
    await boltz.requests(1);
    const index = start(boltz.ctx, store);
    boltz.fail();
    await early;
    await boltz.requests(2);
    return { boltz, store, index };
  }

  it('a start during an early request that fails asks Boltz once more, and goes ahead when that answers', async () => {
    const { boltz, index } = await startDuringFailedEarly();
    boltz.answer();
    expect(await index).toBe(8);
    expect(boltz.asked).toHaveLength(2);
  });

  it('refuses the start, reserving no index, when Boltz still cannot be asked after a failed early request', async () => {
    const { boltz, store, index } = await startDuringFailedEarly();
    boltz.fail();
    const refused = await index.then(
      () => null,
      (err: unknown) => err,
    );
    expect(englishOf((refused as WalletError).text)).toMatch(/looks up which swap keys this recovery phrase has already used.*Nothing was sent/);
    expect(await store.indexSynced(`boltz:${BOLTZ}`)).toBe(false);
    // Nothing reserved: the next index is still the first.
    expect(await store.reserveIndex()).toBe(0);
  });

  it('an answer that came after the index was synced otherwise (a restore the user asked for) is dropped, never applied by a later sync', async () => {
    const boltz = heldBoltz([claimedSwap(1)]);
    const area = new MemoryArea();
    const store = new HopStore(area);
    const early = prepareBoltzIndex(boltz.ctx, quote, store);
    await boltz.requests(1);
    await store.markIndexSynced(`boltz:${BOLTZ}`, 1);
    boltz.answer();
    await early;
    // The profile's hop storage is cleared (the wallet reset, the same phrase imported again): the next start syncs anew.
    await area.set({ 'hops.indexSyncs': {} });
    // Boltz has seen the seed use index 4 since: an answer applied now from before would miss it.
    const index = start(boltz.ctx, store);
    await Promise.race([index, boltz.requests(2).then(() => boltz.answer([claimedSwap(1), claimedSwap(4)]))]);
    expect(await index).toBe(5);
  });

  it('an early request that failed before the start is not reused: the start asks afresh', async () => {
    const boltz = heldBoltz([claimedSwap(1)]);
    const store = new HopStore(new MemoryArea());
    const early = prepareBoltzIndex(boltz.ctx, quote, store);
    await boltz.requests(1);
    boltz.fail();
    await early;
    const index = start(boltz.ctx, store);
    await boltz.requests(2);
    boltz.answer();
    expect(await index).toBe(2);
  });
});

describe('an early index sync cut by a lock', () => {
  it('a lock while the plan-time request is in flight leaves the index unsynced: the start after unlock still skips the used keys', async () => {
    const boltz = heldBoltz([claimedSwap(5)]);
    // The plan's key tree, wiped on lock; unlocking builds a new one (src/background/hops.ts).
    const planKeys = new HopKeys(HDKey.fromMasterSeed(mnemonicToSeedSync(MNEMONIC)));
    const planCtx: HopContext = { ...boltz.ctx, keys: planKeys };
    const store = new HopStore(new MemoryArea());
    const early = prepareBoltzIndex(planCtx, quote, store).catch((err: unknown) => err);
    await boltz.requests(1);
    planKeys.wipe();
    boltz.answer();
    const outcome = await early;
    // Index 5 was seen used by no one: the sync must not be noted as done.
    expect(await store.indexSynced(`boltz:${BOLTZ}`)).toBe(false);
    expect((outcome as WalletError).code).toBe('locked');
    // Unlocked again: the start syncs anew and takes an index past 5.
    const index = start(boltz.ctx, store);
    await boltz.requests(2);
    boltz.answer();
    expect(await index).toBe(6);
  });
});

describe('an early answer stays with the Boltz and the seed it was asked for', () => {
  const OTHER = 'http://127.0.0.1:10/v2';

  it('a start with another Boltz (the endpoint switched after the plan) asks that one; the first answer marks only its own Boltz', async () => {
    const boltz = heldBoltz([claimedSwap(1)]);
    const store = new HopStore(new MemoryArea());
    const early = prepareBoltzIndex(boltz.ctx, quote, store);
    await boltz.requests(1);
    const quoteB = { ...quote, terms: { boltz: OTHER } } as typeof quote;
    const index = store.creating(async () => {
      await beforeBoltzIndex(boltz.ctx, quoteB, store);
      return store.reserveIndex();
    });
    await boltz.requests(2);
    expect(boltz.asked).toEqual([`POST ${BOLTZ}/swap/restore`, `POST ${OTHER}/swap/restore`]);
    boltz.answer();
    boltz.fail();
    expect(((await index.catch((err: unknown) => err)) as WalletError).code).toBe('network_error');
    await early;
    expect(await store.indexSynced(`boltz:${BOLTZ}`)).toBe(true);
    expect(await store.indexSynced(`boltz:${OTHER}`)).toBe(false);
  });

  it("a start under another phrase does not wait for or apply the plan's answer for the first one", async () => {
    const boltz = heldBoltz([claimedSwap(5)]);
    const store = new HopStore(new MemoryArea());
    const early = prepareBoltzIndex(boltz.ctx, quote, store);
    await boltz.requests(1);
    const other = new HopKeys(HDKey.fromMasterSeed(mnemonicToSeedSync('legal winner thank year wave sausage worth useful legal winner thank yellow')));
    const index = start({ ...boltz.ctx, keys: other }, store);
    await boltz.requests(2);
    boltz.answer();
    boltz.answer([]);
    expect(await index).toBe(0);
    await early;
    expect(boltz.asked).toHaveLength(2);
  });
});

describe('a sync a plan made, and a start long after', () => {
  it("a first start long after the plan's sync asks Boltz again, so it takes no key another device of the phrase used meanwhile", async () => {
    const boltz = heldBoltz([claimedSwap(1)]);
    let now = 1_700_000_000_000;
    const ctx: HopContext = { ...boltz.ctx, now: () => now };
    const store = new HopStore(new MemoryArea());
    const early = prepareBoltzIndex(ctx, quote, store);
    await boltz.requests(1);
    boltz.answer();
    await early;
    // An hour on, no swap here yet; another device of this phrase has swapped with key 4 since.
    now += 3_600_000;
    const index = start(ctx, store);
    await Promise.race([index, boltz.requests(2).then(() => boltz.answer([claimedSwap(1), claimedSwap(4)]))]);
    expect(await index).toBe(5);
    // That start's sync is the profile's: later starts rely on it, however late.
    now += 3_600_000;
    expect(await start(ctx, store)).toBe(6);
    expect(boltz.asked).toHaveLength(2);
  });

  it('a plan renews an old plan-made sync in the background, so its start finds it fresh and asks nothing', async () => {
    const boltz = heldBoltz([claimedSwap(1)]);
    let now = 1_700_000_000_000;
    const ctx: HopContext = { ...boltz.ctx, now: () => now };
    const store = new HopStore(new MemoryArea());
    const first = prepareBoltzIndex(ctx, quote, store);
    await boltz.requests(1);
    boltz.answer();
    await first;
    now += 3_600_000;
    const again = prepareBoltzIndex(ctx, quote, store);
    await Promise.race([again, boltz.requests(2)]);
    expect(boltz.asked).toHaveLength(2);
    boltz.answer([claimedSwap(1), claimedSwap(4)]);
    await again;
    now += 60_000;
    expect(await start(ctx, store)).toBe(5);
    expect(boltz.asked).toHaveLength(2);
  });
});
