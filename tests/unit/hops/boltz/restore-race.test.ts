/**
 * Two Boltz restores at once (a double click on "find lost moves", or one while
 * the first hop's index sync runs) over the real HopStore, with Boltz's restore
 * answer served by a stub: they run one after the other (HopStore.creating), each
 * swap is stored once, and the later one never writes over a record the engine
 * has advanced meanwhile.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { HDKey } from '@scure/bip32';
import { mnemonicToSeedSync } from '../../../helpers/bip39-seed';
import { address as btcAddress, networks } from 'bitcoinjs-lib';
import { describe, expect, it } from 'vitest';
import { restoreBoltzHops } from '../../../../src/hops/boltz';
import type { RestorableSwap } from '../../../../src/hops/boltz/api';
import { boltzApi } from '../../../../src/hops/boltz/assets';
import { restoreAnswered } from '../../../../src/hops/boltz/restore';
import { dataOf } from '../../../../src/hops/boltz/record';
import { buildTree, outputKey, p2trScript, serializeTree } from '../../../../src/hops/boltz/taproot';
import { HopKeys } from '../../../../src/hops/keys';
import type { HopContext } from '../../../../src/hops/mechanism';
import { HopStore } from '../../../../src/hops/records';
import { HttpClient } from '../../../../src/shared/http';
import { resolvePreset } from '../../../../src/shared/networks';
import { MemoryArea } from '../../../helpers/memory-ports';

const MNEMONIC = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';
const keys = new HopKeys(HDKey.fromMasterSeed(mnemonicToSeedSync(MNEMONIC)));
const boltzKey = secp256k1.getPublicKey(secp256k1.utils.randomSecretKey(), true);

/** A submarine swap Boltz restores at key index `i`: our refund key in a tree whose address checks out. */
function submarineSwap(i: number) {
  const ours = keys.at(i).publicKey;
  const invoiceHash = sha256(new Uint8Array([i, 42]));
  const tree = buildTree({ shape: 'submarine', liquid: false, preimageHash: invoiceHash, claimPublicKey: boltzKey, refundPublicKey: ours, timeoutBlockHeight: 900 });
  const address = btcAddress.fromOutputScript(p2trScript(outputKey(false, boltzKey, ours, tree)), networks.regtest);
  return {
    id: `swap${i}`,
    type: 'submarine',
    status: 'transaction.mempool',
    createdAt: 1_700_000_000,
    from: 'BTC',
    to: 'BTC',
    preimageHash: bytesToHex(invoiceHash),
    refundDetails: { type: 'utxo', tree: serializeTree(tree), keyIndex: i, lockupAddress: address, serverPublicKey: bytesToHex(boltzKey), timeoutBlockHeight: 900, amount: 50_000 },
  };
}

/**
 * A context (each restore request builds its own) whose Boltz answers POST
 * /swap/restore with `swaps`, and whose Bitcoin layer hands out a payout address
 * once `ready()` resolves: a restore pauses there, after its look at the stored hops.
 */
function context(swaps: unknown[], ready: () => Promise<void>, asked = () => {}): HopContext {
  const fetchImpl = (async (url: string) => {
    asked();
    if (!String(url).endsWith('/swap/restore')) return new Response(JSON.stringify({ error: 'not found' }), { status: 404 });
    return new Response(JSON.stringify(swaps), { status: 200 });
  }) as typeof fetch;
  const rootstock = resolvePreset('rootstock', 'devnet', {});
  return {
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
    // Only Bitcoin's payout address is asked for here.
    side: (async () => ({
      payoutAddress: async () => {
        await ready();
        return 'bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080';
      },
    })) as unknown as HopContext['side'],
    http: (base) => new HttpClient(base, { retries: 0, fetchImpl }),
    now: () => 1_700_000_000_000,
  };
}

describe('two Boltz restores at once', () => {
  it('run one after the other: the later one asks Boltz only once the first has stored, and stores none of it again', async () => {
    // The first restore, once it has looked at the stored hops and got to rebuilding, waits to be let go.
    let firstReached!: () => void;
    const firstWaits = new Promise<void>((r) => (firstReached = r));
    let letGo!: () => void;
    const firstGoes = new Promise<void>((r) => (letGo = r));
    let secondAsked = 0;
    const swaps = [0, 1, 2].map(submarineSwap);
    const firstCtx = context(swaps, () => (firstReached(), firstGoes));
    const secondCtx = context(swaps, async () => undefined, () => secondAsked++);
    const store = new HopStore(new MemoryArea());

    const first = restoreBoltzHops(firstCtx, store);
    const again = restoreBoltzHops(secondCtx, store);
    await firstWaits;
    // Were they to run side by side, the second would have asked Boltz by now.
    await new Promise((r) => setTimeout(r, 50));
    expect(secondAsked).toBe(0);
    letGo();
    const one = await first;
    expect(one.restored.map((r) => dataOf(r).swapId)).toEqual(['swap0', 'swap1', 'swap2']);
    // The engine takes the first restored hop a step further.
    const hop = (await store.get('hop-restored-swap0'))!;
    await store.put({ ...hop, state: 'funded', updatedAt: hop.updatedAt + 1 });
    const two = await again;
    expect(secondAsked).toBe(1);

    expect(two.restored).toEqual([]);
    const stored = await store.all();
    expect(stored.map((r) => dataOf(r).swapId).sort()).toEqual(['swap0', 'swap1', 'swap2']);
    expect((await store.get('hop-restored-swap0'))!.state).toBe('funded');
    // Past every index the swaps use.
    expect(await store.reserveIndex()).toBe(3);
  });

  it('two that both looked before either stored (an answer applied outside the queue): each swap is stored once, and the later one does not write over a record the engine advanced meanwhile', async () => {
    // Both get to rebuilding (after their look at the stored hops) before either is let go.
    let reached = 0;
    let bothLooked!: () => void;
    const looked = new Promise<void>((r) => (bothLooked = r));
    let letGo!: () => void;
    const go = new Promise<void>((r) => (letGo = r));
    const arrive = () => (++reached === 2 && bothLooked(), go);
    let secondGoes!: () => void;
    const secondGo = new Promise<void>((r) => (secondGoes = r));
    const swaps = [0, 1, 2].map(submarineSwap);
    const firstCtx = context(swaps, arrive);
    const secondCtx = context(swaps, async () => (await arrive(), secondGo));
    const store = new HopStore(new MemoryArea());
    const answer = () => JSON.parse(JSON.stringify(swaps)) as RestorableSwap[];

    const first = restoreAnswered(firstCtx, store, boltzApi(firstCtx), answer());
    const again = restoreAnswered(secondCtx, store, boltzApi(secondCtx), answer());
    await looked;
    letGo();
    const one = await first;
    expect(one.restored.map((r) => dataOf(r).swapId)).toEqual(['swap0', 'swap1', 'swap2']);
    const hop = (await store.get('hop-restored-swap0'))!;
    await store.put({ ...hop, state: 'funded', updatedAt: hop.updatedAt + 1 });
    secondGoes();
    const two = await again;

    expect(two.restored).toEqual([]);
    expect(two.skipped.map((s) => s.id).sort()).toEqual(['swap0', 'swap1', 'swap2']);
    const stored = await store.all();
    expect(stored.map((r) => dataOf(r).swapId).sort()).toEqual(['swap0', 'swap1', 'swap2']);
    expect((await store.get('hop-restored-swap0'))!.state).toBe('funded');
  });
});
