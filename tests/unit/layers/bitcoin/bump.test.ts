/** Fee-bump planning from the wallet's own signed send: what is kept, what is refused, and that planning again gives the same replacement. */
import { HDKey } from '@scure/bip32';
import { mnemonicToSeedSync } from '../../../helpers/bip39-seed';
import { hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { bumpReviewId, planBump } from '../../../../src/layers/bitcoin/bump';
import { BitcoinKeys } from '../../../../src/layers/bitcoin/keys';
import { ownSend, signedInputs } from '../../../../src/layers/bitcoin/own-send';
import type { SendRecord } from '../../../../src/layers/bitcoin/pending-store';
import { signTransaction, type SpendInput } from '../../../../src/layers/bitcoin/signing';
import type { Utxo } from '../../../../src/layers/bitcoin/wallet-state';

const keys = new BitcoinKeys(HDKey.fromMasterSeed(mnemonicToSeedSync('abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about')), { bech32: 'bcrt' });
const txid = (n: number) => n.toString(16).padStart(64, '0');
const recipient = hexToBytes('0014' + '11'.repeat(20));

/** A send as the wallet signs and records it: 200,000 sats in, `change` back, 1,000 fee, the rest to a stranger. */
function recordOf(change: bigint, over: Partial<SendRecord> = {}): SendRecord {
  const inputs: SpendInput[] = [{ txid: txid(1), vout: 0, value: 200_000n, owner: keys.address('p2wpkh', 0, 0) }];
  const changeOwner = keys.address('p2wpkh', 1, 0);
  const signed = signTransaction(keys, inputs, [
    { script: recipient, value: 199_000n - change },
    { script: hexToBytes(changeOwner.script), value: change },
  ]);
  return {
    txid: signed.txid,
    hex: signed.hex,
    state: 'broadcast',
    createdAt: 0,
    max: false,
    bumpable: true,
    inputs: signedInputs(inputs),
    change: { vout: 1, scheme: 'p2wpkh', chain: 1, index: 0 },
    ...over,
  };
}

const coin = (n: number, value: bigint): Utxo => ({ txid: txid(100 + n), vout: 0, value, owner: keys.address('p2wpkh', 0, 10 + n), confirmed: true, trusted: true });

describe('ownSend', () => {
  it('reads inputs, outputs and fee from the stored hex and the signed values', () => {
    const send = ownSend(recordOf(49_000n), keys);
    expect(send.inputs).toEqual([{ txid: txid(1), vout: 0, value: 200_000n, owner: keys.address('p2wpkh', 0, 0) }]);
    expect(send.outputs.map((o) => o.value)).toEqual([150_000n, 49_000n]);
    expect(send.fee).toBe(1_000n);
    expect(send.change?.vout).toBe(1);
  });

  it.each([
    ['no record', undefined, /did not sign/],
    ['a record from before inputs were kept', recordOf(49_000n, { inputs: undefined }), /earlier version/],
    ["a hop's funding", recordOf(49_000n, { bumpable: false }), /funds a move/],
    ['an already replaced send', recordOf(49_000n, { replacedBy: txid(9) }), /already replaced/],
  ])('refuses %s', (_what, record, message) => {
    expect(() => ownSend(record, keys)).toThrowError(expect.objectContaining({ code: 'not_bumpable', message: expect.stringMatching(message) }));
  });

  it('refuses a record whose hex is not the send it names, or whose change is not ours', () => {
    expect(() => ownSend({ ...recordOf(49_000n), txid: txid(7) }, keys)).toThrowError(expect.objectContaining({ code: 'internal' }));
    expect(() => ownSend(recordOf(49_000n, { change: { vout: 0, scheme: 'p2wpkh', chain: 1, index: 0 } }), keys)).toThrowError(expect.objectContaining({ code: 'internal' }));
  });
});

describe('planBump', () => {
  it('keeps every recipient and the output order; only the change pays', () => {
    const send = ownSend(recordOf(49_000n), keys);
    const plan = planBump({ send, feeRate: 10_000n, extra: [], longTermFeeRate: 1_000n });
    expect(plan.outputs[0]).toEqual(send.outputs[0]);
    expect(plan.outputs[1]!.script).toEqual(send.outputs[1]!.script);
    expect(plan.outputs[1]!.value).toBe(200_000n - 150_000n - plan.fee);
    expect(plan.change?.vout).toBe(1);
    expect(plan.inputs).toEqual(send.inputs);
  });

  it('adds coins when the change cannot pay, and picks the same ones every time it plans', () => {
    const send = ownSend(recordOf(500n), keys);
    const extra = Array.from({ length: 30 }, (_, n) => coin(n, 20_000n + BigInt(n) * 7n));
    const plans = Array.from({ length: 5 }, () => planBump({ send, feeRate: 60_000n, extra, longTermFeeRate: 1_000n }));
    expect(plans[0]!.inputs.length).toBeGreaterThan(1);
    expect(plans[0]!.outputs[0]).toEqual(send.outputs[0]);
    expect(new Set(plans.map(bumpReviewId)).size).toBe(1);
  });

  it('binds the review id to every output value', () => {
    const send = ownSend(recordOf(49_000n), keys);
    const plan = planBump({ send, feeRate: 10_000n, extra: [], longTermFeeRate: 1_000n });
    const moved = { ...plan, outputs: [{ ...plan.outputs[0]!, value: 149_999n }, plan.outputs[1]!] };
    expect(bumpReviewId(moved)).not.toBe(bumpReviewId(plan));
  });
});
