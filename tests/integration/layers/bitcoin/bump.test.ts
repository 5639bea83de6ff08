/**
 * Fee bumps (RBF) against the devnet, with an Esplora that lies: the wallet
 * replaces only sends it signed itself, rebuilt from its stored hex and the
 * input values it knew when it signed; bcoin's mempool is the verdict.
 */
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { BitcoinService } from '../../../../src/layers/bitcoin/service';
import { startBitcoinDevnet, type BitcoinDevnet } from '../../../devnet/bitcoin';
import { DEVNET_FEE_ESTIMATES } from '../../../devnet/bitcoin/esplora-facade';
import { testDeps } from '../../../helpers/layer-deps';

let devnet: BitcoinDevnet;
const wallet = () => {
  const deps = testDeps('bitcoin', 'devnet', { esplora: devnet.esploraUrl, explorer: devnet.url });
  return { deps, svc: new BitcoinService(deps) };
};
/** What bcoin holds for an address, through the facade once it is honest again. */
const txsOnNode = async (address: string) => (await (await fetch(`${devnet.esploraUrl}/address/${address}/txs`)).json()) as { txid: string }[];
const NO_REVIEW = '0'.repeat(64);

beforeAll(async () => {
  devnet = await startBitcoinDevnet();
});
afterEach(() => {
  devnet.facade.misbehave({});
  devnet.facade.feeEstimates = { ...DEVNET_FEE_ESTIMATES };
});
afterAll(async () => devnet?.stop());

describe('Bitcoin fee bumps against a lying Esplora', () => {
  it('refuses to bump a "pending send" the server invented, and signs and broadcasts nothing', async () => {
    const a = wallet();
    const attacker = wallet().svc.keys.address('p2wpkh', 0, 0).address;
    const coin = a.svc.keys.address('p2wpkh', 0, 0).address;
    await devnet.faucet(coin, 300_000n);
    // It spends our coin to the attacker, with "change" to our own change address so it looks like our send.
    devnet.facade.misbehave({
      inventSpend: { from: coin, outputs: [{ address: attacker, sats: 200_000n }, { address: a.svc.keys.address('p2wpkh', 1, 0).address, sats: 99_000n }] },
    });
    const fake = devnet.facade.invented!.txid;
    const shown = (await a.svc.overview()).activity.find((x) => x.id === fake);
    expect(shown).toMatchObject({ direction: 'out', status: 'pending', canSpeedUp: false });
    const before = devnet.facade.broadcasts.length;
    const refusal = { code: 'not_bumpable', message: expect.stringMatching(/did not sign.*Nothing was signed or sent/) };
    await expect(a.svc.bumpReview(fake, { kind: 'fast' })).rejects.toMatchObject(refusal);
    await expect(a.svc.bump(fake, { kind: 'fast' }, NO_REVIEW)).rejects.toMatchObject(refusal);
    expect(devnet.facade.broadcasts.length).toBe(before);
    devnet.facade.misbehave({});
    expect(await txsOnNode(attacker)).toEqual([]);
  });

  it('bumps a genuine send with the input values it signed, not the prevout values the server reports', async () => {
    const a = wallet();
    const to = wallet().svc.keys.address('p2wpkh', 0, 0).address;
    await devnet.faucet(a.svc.keys.address('p2wpkh', 0, 0).address, 300_000n);
    const first = await a.svc.send({ to, amount: '0.001', fee: { kind: 'slow' } }, { bumpable: true });
    // The server inflates what our input was worth (and so the fee it reports) by 50,000 sats.
    devnet.facade.misbehave({ prevoutValueDelta: 50_000n });
    const review = await a.svc.bumpReview(first.txid, { kind: 'fast' });
    expect(review.oldFee).toBe(first.quote.fee);
    const bumped = await a.svc.bump(first.txid, { kind: 'fast' }, review.reviewId);
    devnet.facade.misbehave({});
    const replacement = (await a.svc.esplora.tx(bumped.txid))!;
    expect(replacement.fee).toBe(bumped.fee);
    expect(bumped.fee).toBe(review.fee);
    expect(bumped.fee - first.quote.fee).toBeLessThan(10_000n);
    expect(replacement.vout.filter((o) => o.address === to).map((o) => o.value)).toEqual([100_000n]);
  });

  it('reviews every output (recipient, data, change) and signs exactly that, rebuilt from the stored send', async () => {
    const a = wallet();
    const to = wallet().svc.keys.address('p2wpkh', 0, 0).address;
    await devnet.faucet(a.svc.keys.address('p2tr', 0, 0).address, 400_000n);
    const memo = Uint8Array.from([0x6a, 0x05, ...utf8ToBytes('hello')]);
    const first = await a.svc.send({ to, amount: '0.0015', fee: { kind: 'slow' } }, { bumpable: true, extraOutputs: [{ script: memo, value: 0n }] });
    const original = (await a.svc.esplora.tx(first.txid))!;
    const changeScript = a.svc.keys.address('p2wpkh', 1, 0).script;

    const review = await a.svc.bumpReview(first.txid, { kind: 'fast' });
    // Same outputs in the same order; only the change pays the higher fee.
    expect(review.outputs.map((o) => o.script)).toEqual(original.vout.map((o) => o.script));
    const byRole = (role: string) => review.outputs.filter((o) => o.role === role);
    expect(byRole('recipient')).toEqual([{ script: expect.any(String), address: to, value: 150_000n, role: 'recipient' }]);
    expect(byRole('data')).toEqual([{ script: bytesToHex(memo), value: 0n, role: 'data' }]);
    const oldChange = original.vout.find((o) => o.script === changeScript)!.value;
    expect(byRole('change')).toEqual([{ script: changeScript, address: expect.stringMatching(/^bcrt1q/), value: oldChange - (review.fee - first.quote.fee), before: oldChange, role: 'change' }]);
    expect(review).toMatchObject({ replaces: first.txid, oldFee: first.quote.fee, addedInputs: 0, inputCount: 1 });
    // Planned again, the same replacement.
    expect((await a.svc.bumpReview(first.txid, { kind: 'fast' })).reviewId).toBe(review.reviewId);

    const bumped = await a.svc.bump(first.txid, { kind: 'fast' }, review.reviewId);
    const onNode = (await a.svc.esplora.tx(bumped.txid))!;
    expect(onNode.vout.map((o) => [o.script, o.value])).toEqual(review.outputs.map((o) => [o.script, o.value]));
    expect(await a.svc.esplora.tx(first.txid)).toBeNull();
    // The replaced send cannot be bumped again; its replacement can.
    await expect(a.svc.bumpReview(first.txid, { kind: 'fast' })).rejects.toMatchObject({ code: 'not_bumpable', message: expect.stringMatching(/already replaced/) });
    const activity = (await a.svc.overview()).activity.find((x) => x.id === bumped.txid);
    expect(activity).toMatchObject({ canSpeedUp: true });
  });

  it('refuses to sign a replacement that is no longer the one reviewed', async () => {
    const a = wallet();
    const to = wallet().svc.keys.address('p2wpkh', 0, 0).address;
    await devnet.faucet(a.svc.keys.address('p2wpkh', 0, 0).address, 300_000n);
    const first = await a.svc.send({ to, amount: '0.001', fee: { kind: 'slow' } }, { bumpable: true });
    const review = await a.svc.bumpReview(first.txid, { kind: 'fast' });
    // The server's "fast" estimate moves between review and confirmation.
    devnet.facade.feeEstimates = { ...DEVNET_FEE_ESTIMATES, '1': 40, '2': 30 };
    const before = devnet.facade.broadcasts.length;
    await expect(a.svc.bump(first.txid, { kind: 'fast' }, review.reviewId)).rejects.toMatchObject({
      code: 'review_changed',
      message: expect.stringMatching(/Nothing was signed or sent; review it again/),
    });
    expect(devnet.facade.broadcasts.length).toBe(before);
    expect((await a.svc.esplora.tx(first.txid))?.txid).toBe(first.txid);
  });

  it("does not bump a hop's funding (the hop follows its txid)", async () => {
    const a = wallet();
    const to = wallet().svc.keys.address('p2wpkh', 0, 0).address;
    await devnet.faucet(a.svc.keys.address('p2wpkh', 0, 0).address, 300_000n);
    // Hops call send() without `bumpable`.
    const funding = await a.svc.send({ to, amount: '0.001', fee: { kind: 'slow' } });
    expect((await a.svc.overview()).activity.find((x) => x.id === funding.txid)).toMatchObject({ status: 'pending', canSpeedUp: false });
    const before = devnet.facade.broadcasts.length;
    await expect(a.svc.bumpReview(funding.txid, { kind: 'fast' })).rejects.toMatchObject({ code: 'not_bumpable', message: expect.stringMatching(/funds a move/) });
    await expect(a.svc.bump(funding.txid, { kind: 'fast' }, NO_REVIEW)).rejects.toMatchObject({ code: 'not_bumpable' });
    expect(devnet.facade.broadcasts.length).toBe(before);
  });
});
