/**
 * Our BTC lockup of a Boltz swap is paid once, whatever a dead worker or a flaky
 * Esplora left behind (src/hops/boltz/chains.ts, BtcChain.fund through fundSide):
 * a lockup signed but never seen on chain stops any new payment, and its txid and
 * hex are on the hop before it is broadcast, so a restart sends that one again.
 * Against the Bitcoin devnet (bcoin behind the Esplora facade), whose broadcasts
 * can be dropped unanswered (`dropBroadcasts`).
 */
import { generateMnemonic } from '@scure/bip39';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { Transaction } from 'bitcoinjs-lib';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { dataOf } from '../../../../src/hops/boltz/record';
import { outpointsSpentBy } from '../../../../src/layers/bitcoin/held-coins';
import { fundSide } from '../../../../src/hops/boltz/sides';
import type { HopContext } from '../../../../src/hops/mechanism';
import type { HopRecord } from '../../../../src/hops/types';
import { WalletError } from '../../../../src/shared/errors';
import { startBitcoinDevnet, type BitcoinDevnet } from '../../../devnet/bitcoin';
import { hopWallet } from '../../../helpers/hop-context';
import { MemoryArea } from '../../../helpers/memory-ports';
import { BTC, hopFixture, RBTC } from '../../../helpers/hop-record';

let bitcoin: BitcoinDevnet;

beforeAll(async () => {
  bitcoin = await startBitcoinDevnet();
}, 120_000);
afterEach(() => {
  bitcoin.facade.misbehave({});
});
afterAll(async () => {
  await bitcoin?.stop();
});

/** A worker of one profile: the seed, its layer storage, the hop records it saved. */
function worker(mnemonic: string, store: MemoryArea) {
  const w = hopWallet({ mnemonic, endpoints: { 'bitcoin.esplora': bitcoin.esploraUrl }, store });
  const saved: HopRecord[] = [];
  const ctx: HopContext = {
    ...w.ctx,
    save: async (r) => {
      saved.push(r);
    },
    records: async () => [],
  };
  return { ctx, service: w.bitcoin, saved };
}

/** A chain swap BTC -> RBTC whose lockup (ours to pay) is `sats` to `address`. */
function chainSwap(address: string, sats: bigint): HopRecord {
  const now = Date.now();
  return hopFixture({
    id: `hop-${now}-${Math.random().toString(36).slice(2, 6)}`,
    mechanism: 'boltz-chain',
    from: BTC,
    to: RBTC,
    send: sats,
    network: { bitcoin: 'devnet', rootstock: 'devnet' },
    createdAt: now,
    state: 'created',
    steps: [{ key: 'fund', label: 'Lock BTC', status: 'waiting' }],
    data: { kind: 'chain', boltz: 'http://127.0.0.1:1', swapId: 'swap', preimageHash: '00'.repeat(32), lock: { currency: 'BTC', address, amount: sats.toString(), timeoutBlockHeight: 10_000 } },
  });
}

/** A funded profile (two confirmed coins, so a second lockup could take the other one) and a lockup address. */
async function setUp() {
  const mnemonic = generateMnemonic(wordlist);
  const layerArea = new MemoryArea();
  const w = worker(mnemonic, layerArea);
  await bitcoin.faucet(w.service.keys.address('p2wpkh', 0, 0).address, 300_000n);
  await bitcoin.faucet(w.service.keys.address('p2wpkh', 0, 1).address, 300_000n);
  const other = worker(generateMnemonic(wordlist), new MemoryArea());
  const lockup = other.service.keys.address('p2tr', 0, 0).address;
  return { mnemonic, layerArea, w, lockup };
}

const txidOf = (hex: string) => Transaction.fromHex(hex).getId();

async function paymentsTo(address: string): Promise<number> {
  return ((await (await fetch(`${bitcoin.esploraUrl}/address/${address}/txs`)).json()) as unknown[]).length;
}

describe('our BTC lockup is paid once', () => {
  it('a lockup signed before a dropped broadcast stops a second one: refused while unseen, sent again once the server answers', async () => {
    const { w, lockup } = await setUp();
    const record = chainSwap(lockup, 100_000n);
    const key = w.ctx.keys.at(0);
    const before = bitcoin.facade.broadcasts.length;
    bitcoin.facade.misbehave({ dropBroadcasts: true });

    // The POST is lost: the lockup stays signed in the send store.
    await expect(fundSide(w.ctx, record, key)).rejects.toBeInstanceOf(WalletError);
    // The hop advances again while the server still drops broadcasts and the lockup address shows nothing.
    const again = await fundSide(w.ctx, record, key).then(
      () => null,
      (e: unknown) => e,
    );
    const sent = new Set(bitcoin.facade.broadcasts.slice(before).map((b) => txidOf(b.hex)));
    expect(sent.size).toBe(1);
    expect(again).toBeInstanceOf(WalletError);
    expect((again as WalletError).code).toBe('waiting');

    // The server answers again: the one lockup signed goes out, and no other.
    bitcoin.facade.misbehave({});
    const res = await fundSide(w.ctx, record, key);
    expect(sent.has(res.txid!)).toBe(true);
    expect(new Set(bitcoin.facade.broadcasts.slice(before).map((b) => txidOf(b.hex)))).toEqual(sent);
    expect(await paymentsTo(lockup)).toBe(1);
    await bitcoin.mine(1);
  });

  it('the lockup txid and hex are on the hop before the broadcast; a worker that died before the send store kept it sends that one, no other', async () => {
    const { mnemonic, w, lockup } = await setUp();
    const record = chainSwap(lockup, 120_000n);
    const before = bitcoin.facade.broadcasts.length;
    bitcoin.facade.misbehave({ dropBroadcasts: true });
    await expect(fundSide(w.ctx, record, w.ctx.keys.at(0))).rejects.toBeInstanceOf(WalletError);

    const [dropped] = bitcoin.facade.broadcasts.slice(before);
    const kept = w.saved.at(-1);
    expect(kept && dataOf(kept).lock).toMatchObject({ fundingTxid: txidOf(dropped!.hex), fundingHex: dropped!.hex });

    // A fresh worker over the hop as saved, with layer storage that never got the send record.
    bitcoin.facade.misbehave({});
    const fresh = worker(mnemonic, new MemoryArea());
    const res = await fundSide(fresh.ctx, kept!, fresh.ctx.keys.at(0));
    expect(res.txid).toBe(txidOf(dropped!.hex));
    expect(new Set(bitcoin.facade.broadcasts.slice(before).map((b) => b.hex))).toEqual(new Set([dropped!.hex]));
    expect(await paymentsTo(lockup)).toBe(1);
    await bitcoin.mine(1);
  });
});

describe('a saved lockup that can never confirm', () => {
  it("once a confirmed transaction spent its coins, the hop drops it and pays the lockup from the wallet's coins, once", async () => {
    const { mnemonic, w, lockup } = await setUp();
    const record = chainSwap(lockup, 100_000n);
    bitcoin.facade.misbehave({ dropBroadcasts: true });
    await expect(fundSide(w.ctx, record, w.ctx.keys.at(0))).rejects.toBeInstanceOf(WalletError);
    bitcoin.facade.misbehave({});
    const kept = w.saved.at(-1)!;
    const dropped = dataOf(kept).lock!.fundingHex!;

    // A worker whose send store never kept that lockup sends everything elsewhere, and that confirms; then new coins arrive.
    const elsewhere = worker(mnemonic, new MemoryArea());
    const other = worker(generateMnemonic(wordlist), new MemoryArea()).service.keys.address('p2wpkh', 0, 0).address;
    const away = await elsewhere.service.send({ to: other, max: true, fee: { kind: 'normal' } });
    const outpoints = (hex: string) => Transaction.fromHex(hex).ins.map((i) => `${Buffer.from(i.hash).reverse().toString('hex')}:${i.index}`);
    const awayHex = await (await fetch(`${bitcoin.esploraUrl}/tx/${away.txid}/hex`)).text();
    expect(outpoints(awayHex)).toEqual(expect.arrayContaining(outpoints(dropped)));
    await bitcoin.mine(1);
    await bitcoin.faucet(w.service.keys.address('p2wpkh', 0, 2).address, 300_000n);

    const fresh = worker(mnemonic, new MemoryArea());
    const first = await fundSide(fresh.ctx, kept, fresh.ctx.keys.at(0)).then(
      () => null,
      (e: unknown) => e,
    );
    expect((first as WalletError).code).toBe('waiting');
    const dropped2 = fresh.saved.at(-1)!;
    expect(dataOf(dropped2).lock!.fundingTxid).toBeUndefined();
    const res = await fundSide(fresh.ctx, dropped2, fresh.ctx.keys.at(0));
    expect(res.txid).not.toBe(txidOf(dropped));
    expect(await paymentsTo(lockup)).toBe(1);
    await bitcoin.mine(1);
  });
});

describe('a saved lockup the network refused', () => {
  it('refused on its first broadcast and again when resent, its coins unspent: the hop forgets it and pays the lockup anew, once', async () => {
    const { w, lockup } = await setUp();
    const record = chainSwap(lockup, 100_000n);
    bitcoin.facade.misbehave({ refuseBroadcasts: 'mempool min fee not met' });
    const refused = await fundSide(w.ctx, record, w.ctx.keys.at(0)).then(
      () => null,
      (e: unknown) => e,
    );
    expect((refused as WalletError).code).toBe('broadcast_rejected');
    const kept = w.saved.at(-1)!;
    const first = dataOf(kept).lock!.fundingTxid!;
    expect(first).toBeDefined();

    // The hop advances again while the node still refuses it: it is let go, nothing else is sent.
    const again = await fundSide(w.ctx, kept, w.ctx.keys.at(0)).then(
      () => null,
      (e: unknown) => e,
    );
    expect((again as WalletError).code).toBe('waiting');
    const forgot = w.saved.at(-1)!;
    expect(dataOf(forgot).lock!.fundingTxid).toBeUndefined();
    expect(bitcoin.facade.broadcasts.filter((b) => b.accepted)).not.toContainEqual(expect.objectContaining({ hex: dataOf(kept).lock!.fundingHex }));

    // The node takes transactions again: one lockup is paid.
    bitcoin.facade.misbehave({});
    const res = await fundSide(w.ctx, forgot, w.ctx.keys.at(0));
    expect(res.txid).toBeDefined();
    expect(await paymentsTo(lockup)).toBe(1);
    await bitcoin.mine(1);
  });
});

describe('an Esplora that lies about a saved lockup', () => {
  it('says a confirmed transaction spent its coins when that transaction does not: the lockup is kept, no second one is paid', async () => {
    const { mnemonic, w, lockup } = await setUp();
    const record = chainSwap(lockup, 100_000n);
    bitcoin.facade.misbehave({ dropBroadcasts: true });
    await expect(fundSide(w.ctx, record, w.ctx.keys.at(0))).rejects.toBeInstanceOf(WalletError);
    const kept = w.saved.at(-1)!;
    const hex = dataOf(kept).lock!.fundingHex!;
    const txid = txidOf(hex);
    // The node got the lockup after all; the server hides it and names an unrelated confirmed transaction as the spender of its coins.
    bitcoin.facade.misbehave({});
    await bitcoin.facade.broadcast(hex);
    const unrelated = await bitcoin.faucet(worker(generateMnemonic(wordlist), new MemoryArea()).service.keys.address('p2wpkh', 0, 0).address, 10_000n);
    bitcoin.facade.misbehave({ unindexed: [txid], outspends: Object.fromEntries(outpointsSpentBy(hex).map((o) => [o, unrelated])) });

    const fresh = worker(mnemonic, new MemoryArea());
    const before = bitcoin.facade.broadcasts.length;
    const err = await fundSide(fresh.ctx, kept, fresh.ctx.keys.at(0)).then(
      () => null,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(WalletError);
    expect(fresh.saved.map((r) => dataOf(r).lock!.fundingTxid)).not.toContain(undefined);
    expect(bitcoin.facade.broadcasts.slice(before).every((b) => b.hex === hex)).toBe(true);
    bitcoin.facade.misbehave({});
    await bitcoin.mine(1);
  });
});
