/**
 * Two payments from one Bitcoin account at once never spend the same coin
 * (src/layers/bitcoin/service.ts): hops advance in parallel, and the user may send
 * while a hop funds itself. One of them is signed; the other is refused, nothing
 * of it signed or sent. Against the Bitcoin devnet (bcoin behind the Esplora facade).
 */
import { Transaction } from 'bitcoinjs-lib';
import { bytesToHex } from '@noble/hashes/utils.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bitcoinHopSide } from '../../../../src/layers/bitcoin/hop-side';
import { BitcoinService } from '../../../../src/layers/bitcoin/service';
import { WalletError } from '../../../../src/shared/errors';
import { startBitcoinDevnet, type BitcoinDevnet } from '../../../devnet/bitcoin';
import { testDeps } from '../../../helpers/layer-deps';

let devnet: BitcoinDevnet;
const wallet = () => new BitcoinService(testDeps('bitcoin', 'devnet', { esplora: devnet.esploraUrl, explorer: devnet.url }));
const normal = { kind: 'normal' } as const;

beforeAll(async () => {
  devnet = await startBitcoinDevnet();
});
afterAll(async () => devnet?.stop());

/** A wallet with one confirmed coin of 200,000 sats: enough for one payment of 150,000, not two. */
async function oneCoin(): Promise<BitcoinService> {
  const svc = wallet();
  await devnet.faucet(svc.keys.address('p2wpkh', 0, 0).address, 200_000n);
  return svc;
}

/** Outpoints spent by every transaction submitted since `from` (accepted or not), with how many spend each. */
function spendsSince(from: number): Map<string, number> {
  const count = new Map<string, number>();
  for (const b of devnet.facade.broadcasts.slice(from)) {
    for (const i of Transaction.fromHex(b.hex).ins) {
      const k = `${bytesToHex(Uint8Array.from(i.hash).reverse())}:${i.index}`;
      count.set(k, (count.get(k) ?? 0) + 1);
    }
  }
  return count;
}

/** Exactly one payment went out; the other was refused (no coin to pay from, or wait), nothing of it submitted. */
function exactlyOne(results: PromiseSettledResult<unknown>[], from: number) {
  expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
  const refused = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')!.reason;
  expect(refused).toBeInstanceOf(WalletError);
  expect(['insufficient_funds', 'waiting']).toContain((refused as WalletError).code);
  expect(devnet.facade.broadcasts.slice(from)).toHaveLength(1);
  expect([...spendsSince(from).values()].every((n) => n === 1)).toBe(true);
}

describe('one coin, two payments at once', () => {
  it('two hop fundings (lookOnce().pay) from one scan each: one is signed, the other refused', async () => {
    const svc = await oneCoin();
    const to = (await wallet().receive()).address;
    const from = devnet.facade.broadcasts.length;
    const side = bitcoinHopSide(svc);
    const [a, b] = await Promise.all([side.lookOnce(), side.lookOnce()]);
    const results = await Promise.allSettled([a.pay(to, 150_000n), b.pay(to, 150_000n)]);
    exactlyOne(results, from);
    await devnet.mine(1);
  });

  it("the user's send racing a hop funding that scanned before it: one is signed, the other refused", async () => {
    const svc = await oneCoin();
    const to = (await wallet().receive()).address;
    const from = devnet.facade.broadcasts.length;
    const look = await bitcoinHopSide(svc).lookOnce();
    const results = await Promise.allSettled([svc.send({ to, amountSats: 150_000n, fee: normal }), look.pay(to, 150_000n)]);
    exactlyOne(results, from);
    await devnet.mine(1);
  });

  it('a hop funding that scanned before a send of the user was signed does not take its coin', async () => {
    const svc = await oneCoin();
    const to = (await wallet().receive()).address;
    const from = devnet.facade.broadcasts.length;
    const look = await bitcoinHopSide(svc).lookOnce();
    await svc.send({ to, amountSats: 150_000n, fee: normal });
    const late = await look.pay(to, 150_000n).then(
      () => null,
      (e: unknown) => e,
    );
    expect(late).toBeInstanceOf(WalletError);
    expect((late as WalletError).code).toBe('insufficient_funds');
    expect(devnet.facade.broadcasts.slice(from)).toHaveLength(1);
    await devnet.mine(1);
  });

  it("a hop funding that scanned before the user sped a send up does not spend the replaced send's change", async () => {
    const svc = await oneCoin();
    const to = (await wallet().receive()).address;
    const first = await svc.send({ to, amountSats: 100_000n, fee: { kind: 'slow' } }, { bumpable: true });
    const from = devnet.facade.broadcasts.length;
    // The hop's scan shows the first send's change as ours to spend.
    const look = await bitcoinHopSide(svc).lookOnce();
    const review = await svc.bumpReview(first.txid, { kind: 'fast' });
    await svc.bump(first.txid, { kind: 'fast' }, review.reviewId);
    const late = await look.pay(to, 50_000n).then(
      () => null,
      (e: unknown) => e,
    );
    expect(devnet.facade.broadcasts.slice(from)).toHaveLength(1);
    expect(late).toBeInstanceOf(WalletError);
    expect((late as WalletError).code).toBe('insufficient_funds');
    await devnet.mine(1);
  });
});

describe('a send the node already has', () => {
  it('resent and answered "already in the mempool", it keeps its record and its coins: a later payment does not plan from them', async () => {
    const svc = await oneCoin();
    const to = (await wallet().receive()).address;
    // The POST is lost on the way back: the node has the send, the wallet never heard.
    devnet.facade.misbehave({ dropBroadcasts: true });
    await expect(svc.send({ to, amountSats: 150_000n, fee: normal })).rejects.toBeInstanceOf(WalletError);
    const from = devnet.facade.broadcasts.length;
    const { hex } = devnet.facade.broadcasts.at(-1)!;
    const txid = Transaction.fromHex(hex).getId();
    devnet.facade.misbehave({ unindexed: [txid] });
    await devnet.facade.broadcast(hex);
    try {
      // The refresh resends it (the index does not show it yet); the node answers that it has it.
      await svc.overview();
      expect(devnet.facade.broadcasts.at(-1)).toMatchObject({ accepted: false, reason: 'txn-already-in-mempool' });
      const late = await svc.send({ to, amountSats: 150_000n, fee: { kind: 'fast' } }).then(
        () => null,
        (e: unknown) => e,
      );
      expect(late).toBeInstanceOf(WalletError);
      expect((late as WalletError).code).toBe('insufficient_funds');
      expect(devnet.facade.broadcasts.slice(from + 2)).toHaveLength(0);
    } finally {
      devnet.facade.misbehave({});
    }
    await devnet.mine(1);
  });
});
