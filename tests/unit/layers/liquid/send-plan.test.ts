/**
 * Pieces of a Liquid send that need no network: explicit value/asset encoding,
 * blinding and unblinding, coin selection and the fee, and the create-hash shim
 * the browser build substitutes for liquidjs-lib.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import type { AssetInfo } from '../../../../src/layers/liquid/assets';
import { blindOutputs } from '../../../../src/layers/liquid/blind';
import { ELEMENTS_REGTEST } from '../../../../src/layers/liquid/chain';
import { assetIdToBytes, explicitAsset, explicitValue, readExplicitAsset, readExplicitValue } from '../../../../src/layers/liquid/encoding';
import { discountVsize, feeFor, planSend } from '../../../../src/layers/liquid/plan';
import shimCreateHash from '../../../../src/layers/liquid/shims/create-hash';
import type { SpendableUtxo } from '../../../../src/layers/liquid/transaction';
import { unblindOutput, ZERO32 } from '../../../../src/layers/liquid/unblind';
import { loadZkp } from '../../../../src/layers/liquid/zkp';
import { WalletError } from '../../../../src/shared/errors';

type CreateHash = (alg: string) => { update(data: Uint8Array): { digest(): Buffer } };
const realCreateHash = createRequire(import.meta.url)('create-hash') as CreateHash;

const LBTC: AssetInfo = { id: ELEMENTS_REGTEST.policyAsset, name: 'Liquid Bitcoin', ticker: 'L-BTC', precision: 8 };
const TEST: AssetInfo = { id: 'aa'.repeat(32), name: 'Test', ticker: 'TEST', precision: 2 };
const P2WPKH = new Uint8Array([0, 20, ...new Uint8Array(20).fill(1)]);
const CHANGE = { script: new Uint8Array([0, 20, ...new Uint8Array(20).fill(2)]), blindingKey: secp256k1.getPublicKey(secp256k1.utils.randomSecretKey(), true) };

let n = 0;
function utxo(asset: string, value: bigint, confidential = true): SpendableUtxo {
  n++;
  return {
    txid: n.toString(16).padStart(64, '0'),
    vout: 0,
    prevout: { script: P2WPKH, asset: explicitAsset(asset), value: explicitValue(value), nonce: new Uint8Array([0]) },
    unblinded: { asset, value, confidential },
    chain: 0,
    index: 0,
    confirmed: true,
  };
}

function plan(utxos: SpendableUtxo[], asset: AssetInfo, amount: bigint, blindingKey?: Uint8Array) {
  return planSend({ utxos, asset, amount, destination: { script: P2WPKH, blindingKey }, change: CHANGE, policy: LBTC, feeRate: 0.1 });
}

function refusal(f: () => unknown): WalletError {
  try {
    f();
  } catch (err) {
    expect(err).toBeInstanceOf(WalletError);
    return err as WalletError;
  }
  throw new Error('no error');
}

describe('encoding', () => {
  it('writes explicit values big-endian after 0x01 and asset ids in internal (reversed) order', () => {
    expect(bytesToHex(explicitValue(100_000_000n))).toBe('010000000005f5e100');
    expect(readExplicitValue(explicitValue(2n ** 64n - 1n))).toBe(2n ** 64n - 1n);
    expect(bytesToHex(assetIdToBytes(LBTC.id))).toBe('25b251070e29ca19043cf33ccd7324e2ddab03ecc4ae0b5e77c4fc0e5cf6c95a');
    expect(readExplicitAsset(explicitAsset(LBTC.id))).toBe(LBTC.id);
    expect(() => explicitValue(-1n)).toThrow();
  });
});

describe('blinding and unblinding', () => {
  it('opens an output only with the receiver key and recovers asset, value and blinders', async () => {
    const zkp = await loadZkp();
    const key = secp256k1.utils.randomSecretKey();
    const [out] = blindOutputs(zkp, [{ asset: TEST.id, value: 900n, assetBlinder: ZERO32, valueBlinder: ZERO32 }], [
      { script: P2WPKH, asset: TEST.id, value: 900n, blindingKey: secp256k1.getPublicKey(key, true) },
    ]);
    expect(out!.value[0]).toBeGreaterThanOrEqual(8);
    expect(out!.asset[0]).toBeGreaterThanOrEqual(10);
    const opened = unblindOutput(out!, key);
    expect(opened).toMatchObject({ asset: TEST.id, value: 900n, confidential: true });
    expect(unblindOutput(out!, secp256k1.utils.randomSecretKey())).toBeNull();
    // A commitment to another asset with the same proof is not accepted as ours.
    const forged = { ...out!, asset: Uint8Array.from(zkp.generator.serialize(zkp.generator.generateBlinded(Buffer.from(assetIdToBytes(LBTC.id)), Buffer.from(opened!.assetBlinder)))) };
    expect(unblindOutput(forged, key)).toBeNull();
    // Explicit outputs open without a key.
    expect(unblindOutput({ script: P2WPKH, asset: explicitAsset(LBTC.id), value: explicitValue(5n), nonce: new Uint8Array([0]) }, null)).toMatchObject({ value: 5n, confidential: false });
  });
});

describe('fee and coin selection', () => {
  it('prices the discounted vsize at the rate, rounding up', () => {
    // 2 P2WPKH inputs, 3 P2WPKH outputs + fee: 335-byte base ×4 + 2×111 + 4×2 witness bytes = 1570 WU.
    expect(discountVsize(2, [22, 22, 22])).toBe(393);
    expect(feeFor(393, 0.1)).toBe(40n);
    expect(feeFor(400, 0.1)).toBe(40n);
    expect(feeFor(1, 0.1)).toBe(1n);
    expect(discountVsize(3, [22])).toBeGreaterThan(discountVsize(2, [22]));
  });

  it('sends L-BTC from the largest coins first with confidential change', () => {
    const p = plan([utxo(LBTC.id, 1_000n), utxo(LBTC.id, 50_000n), utxo(LBTC.id, 30_000n)], LBTC, 60_000n, CHANGE.blindingKey);
    expect(p.inputs.map((i) => i.unblinded.value)).toEqual([50_000n, 30_000n]);
    expect(p.outputs.map((o) => o.value)).toEqual([60_000n, 80_000n - 60_000n - p.fee]);
    expect(p.outputs[1]!.blindingKey).toBe(CHANGE.blindingKey);
    expect(p.fee).toBe(feeFor(discountVsize(2, [22, 22]), 0.1));
  });

  it('sends another asset with its own change and takes the fee from L-BTC', () => {
    const p = plan([utxo(TEST.id, 700n), utxo(TEST.id, 500n), utxo(LBTC.id, 2_000n)], TEST, 1_000n, CHANGE.blindingKey);
    expect(p.inputs.map((i) => [i.unblinded.asset, i.unblinded.value])).toEqual([
      [TEST.id, 700n],
      [TEST.id, 500n],
      [LBTC.id, 2_000n],
    ]);
    expect(p.outputs.map((o) => [o.asset, o.value])).toEqual([
      [TEST.id, 1_000n],
      [TEST.id, 200n],
      [LBTC.id, 2_000n - p.fee],
    ]);
  });

  it('adds a blinded zero OP_RETURN when confidential inputs would leave no blinded output', () => {
    const first = plan([utxo(LBTC.id, 10_000n)], LBTC, 1_000n);
    const p = plan([utxo(LBTC.id, 10_000n)], LBTC, 10_000n - first.fee);
    expect(p.outputs.map((o) => [bytesToHex(o.script), o.value, !!o.blindingKey])).toEqual([
      [bytesToHex(P2WPKH), 10_000n - first.fee, false],
      ['6a', 0n, true],
    ]);
    // Explicit inputs have no blinders to absorb: no dummy.
    expect(plan([utxo(LBTC.id, 10_000n, false)], LBTC, 10_000n - first.fee).outputs).toHaveLength(1);
  });

  it('says what is missing when the balance does not cover amount plus fee', () => {
    const lbtcOnly = [utxo(LBTC.id, 10_000n)];
    expect(refusal(() => plan(lbtcOnly, LBTC, 10_000n))).toMatchObject({
      code: 'insufficient_funds',
      message: expect.stringMatching(/^The spendable balance \(0\.0001 L-BTC\) cannot cover 0\.0001 L-BTC plus a network fee of about 0\.000000\d\d L-BTC\. Nothing was sent\.$/),
    });
    expect(refusal(() => plan(lbtcOnly, TEST, 1n)).message).toBe('This account holds no TEST. Nothing was sent.');
    expect(refusal(() => plan([utxo(TEST.id, 100n), ...lbtcOnly], TEST, 101n)).message).toBe('The amount (1.01 TEST) is more than the spendable balance (1 TEST). Nothing was sent.');
    expect(refusal(() => plan([utxo(TEST.id, 100n)], TEST, 50n)).message).toMatch(/^Sending TEST needs 0\.000000\d\d L-BTC for the network fee, but you have 0 L-BTC\. Nothing was sent\.$/);
    expect(refusal(() => plan(lbtcOnly, LBTC, 0n)).code).toBe('bad_amount');
  });
});

describe('create-hash shim', () => {
  it('matches the create-hash package for every algorithm liquidjs-lib asks for', () => {
    for (const alg of ['sha256', 'sha1', 'rmd160', 'ripemd160']) {
      for (const data of [Buffer.alloc(0), Buffer.from('abc'), Buffer.alloc(1000, 7)]) {
        expect(shimCreateHash(alg).update(data.subarray(0, 3)).update(data.subarray(3)).digest()).toEqual(realCreateHash(alg).update(data).digest());
      }
    }
    expect(() => shimCreateHash('md5')).toThrow(/not supported/);
  });
});
