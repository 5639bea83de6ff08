/**
 * The Liquid devnets' confidential primitives (tests/devnet/liquid/zkp.ts: secp256k1-zkp 3.x,
 * and the commitment sum on elliptic) against secp256k1-zkp 2.x, which the devnets used before:
 * the sum must agree with 2.x's verify_tally on balanced and unbalanced sets, the points must be
 * the ones 2.x parses from either prefix, and what 3.x blinds must open with 2.x's rewind.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import secp256k1zkp, { type ZKP } from '@vulpemventures/secp256k1-zkp';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  balancingBlinder,
  blindOutput,
  COMMITMENT_PREFIXES,
  commitmentsBalance,
  devnetZkp,
  GENERATOR_PREFIXES,
  nonceOf,
  pointOf,
  unblindOutput,
  type Secp256k1ZKP,
} from '../../devnet/liquid/zkp';

const secret = () => secp256k1.utils.randomSecretKey();
const tag = () => secret();
const ZERO = new Uint8Array(32);

let v2: ZKP;
let v3: Secp256k1ZKP;
beforeAll(async () => {
  [v2, v3] = await Promise.all([secp256k1zkp(), devnetZkp()]);
});

/** Compressed SEC1 form of a point from elliptic, to compare with noble's. */
const sec1 = (p: NonNullable<ReturnType<typeof pointOf>>) => `${p.getY().isOdd() ? '03' : '02'}${p.getX().toString(16).padStart(64, '0')}`;

/** A blinded commitment to `sats`, with the point behind it as noble would print it (from 2.x's own pieces). */
function commitment(sats: bigint, vbf: Uint8Array, abf: Uint8Array, asset: Uint8Array): Uint8Array {
  const generator = v3.generator.generateBlinded(asset, abf);
  return v3.pedersen.commitment(sats.toString(), generator, vbf);
}

describe('Liquid devnet zkp', () => {
  it('reads commitments and generators of both prefixes as the points 2.x commits to, and refuses x off the curve', () => {
    const seen = new Set<number>();
    for (let i = 0; i < 8 || seen.size < 4; i++) {
      if (i > 240) throw new Error(`only prefixes ${[...seen]} seen`);
      const abf = secret();
      const vbf = secret();
      const asset = tag();
      const g3 = v3.generator.generateBlinded(asset, abf);
      const g2 = v2.generator.serialize(v2.generator.generateBlinded(Buffer.from(asset), Buffer.from(abf)));
      expect(bytesToHex(g3)).toBe(g2.toString('hex'));
      const c3 = commitment(1234n + BigInt(i), vbf, abf, asset);
      const c2 = v2.pedersen.commitSerialize(v2.pedersen.commit(Buffer.from(vbf), (1234 + i).toString(), v2.generator.generateBlinded(Buffer.from(asset), Buffer.from(abf))));
      expect(bytesToHex(c3)).toBe(c2.toString('hex'));
      seen.add(g3[0]!).add(c3[0]!);
      // A commitment's point: vbf·G + v·H(generator); the generator's: H(tag) + abf·G (noble, independent of both).
      const gPoint = pointOf(g3, GENERATOR_PREFIXES)!;
      const h = secp256k1.Point.fromHex(sec1(gPoint));
      const expected = secp256k1.Point.BASE.multiply(BigInt(`0x${bytesToHex(vbf)}`)).add(h.multiply(1234n + BigInt(i)));
      expect(sec1(pointOf(c3, COMMITMENT_PREFIXES)!)).toBe(expected.toHex(true));
      // The other prefix is the other point of that x.
      const flipped = Uint8Array.from(c3);
      flipped[0] = c3[0]! ^ 1;
      expect(sec1(pointOf(flipped, COMMITMENT_PREFIXES)!)).toBe(expected.negate().toHex(true));
    }
    expect([...seen].sort((x, y) => x - y)).toEqual([0x08, 0x09, 0x0a, 0x0b]);
    // x = 5 is not on secp256k1 (5³ + 7 = 132 is not a square mod p); a wrong prefix or length is refused too.
    const offCurve = new Uint8Array(33);
    offCurve[0] = 0x08;
    offCurve[32] = 5;
    expect(pointOf(offCurve, COMMITMENT_PREFIXES)).toBeNull();
    const c = commitment(1n, secret(), secret(), tag());
    expect(pointOf(c, GENERATOR_PREFIXES)).toBeNull();
    expect(pointOf(c.subarray(0, 32), COMMITMENT_PREFIXES)).toBeNull();
  });

  it('balances commitments exactly where 2.x verify_tally does: balanced sets, and each one off by a sat or a blinder', () => {
    for (let i = 0; i < 4; i++) {
      const asset = tag();
      const ins = [{ sats: 50_000n + BigInt(i), abf: secret(), vbf: secret() }, { sats: 7_000n, abf: secret(), vbf: secret() }];
      const outs: { sats: bigint; abf: Uint8Array; vbf: Uint8Array }[] = [
        { sats: 30_000n, abf: secret(), vbf: secret() },
        { sats: 200n, abf: ZERO, vbf: ZERO },
        { sats: 26_800n + BigInt(i), abf: secret(), vbf: ZERO },
      ];
      outs[2]!.vbf = balancingBlinder(v3, ins, outs);
      const commit = (x: { sats: bigint; abf: Uint8Array; vbf: Uint8Array }) => commitment(x.sats, x.vbf, x.abf, asset);
      const sets: [string, Uint8Array[], Uint8Array[]][] = [
        ['balanced', ins.map(commit), outs.map(commit)],
        ['a sat more out', ins.map(commit), [...outs.slice(0, 2).map(commit), commit({ ...outs[2]!, sats: outs[2]!.sats + 1n })]],
        ['another blinder', ins.map(commit), [...outs.slice(0, 2).map(commit), commit({ ...outs[2]!, vbf: secret() })]],
        ['an output missing', ins.map(commit), outs.slice(1).map(commit)],
      ];
      for (const [name, a, b] of sets) {
        const v2Says = v2.pedersen.verifySum(a.map((c) => Buffer.from(c)), b.map((c) => Buffer.from(c)));
        expect([name, commitmentsBalance(a, b)]).toEqual([name, v2Says]);
        expect([name, v2Says]).toEqual([name, name === 'balanced']);
      }
    }
  });

  it('blinds outputs that 2.x rewinds and verifies, and opens them again itself', () => {
    const blinding = secret();
    const asset = tag();
    const input = { asset, abf: secret() };
    const script = Uint8Array.from([0x00, 0x14, ...secret().subarray(0, 20)]);
    const o = blindOutput(
      v3,
      { sats: 21_000n, asset, script, blindingPubkey: secp256k1.getPublicKey(blinding, true), abf: secret(), vbf: secret(), ephemeral: secret(), seed: secret() },
      [input],
    );
    const generator = v2.generator.parse(Buffer.from(o.asset));
    const nonce = nonceOf(v3, o.nonce, blinding);
    const opened = v2.rangeproof.rewind(v2.pedersen.commitParse(Buffer.from(o.value)), Buffer.from(o.rangeProof), Buffer.from(nonce), generator, Buffer.from(script));
    expect(opened.value).toBe('21000');
    expect(bytesToHex(opened.message.subarray(0, 32))).toBe(bytesToHex(asset));
    const inputGenerator = v2.generator.generateBlinded(Buffer.from(input.asset), Buffer.from(input.abf));
    expect(v2.surjectionproof.verify(v2.surjectionproof.parse(Buffer.from(o.surjectionProof)), [inputGenerator], generator)).toBe(true);
    expect(unblindOutput(v3, { ...o, script }, blinding)).toMatchObject({ sats: 21_000n, asset, vbf: Uint8Array.from(opened.blindFactor) });
    expect(() => unblindOutput(v3, { ...o, script }, secret())).toThrow();
  });
});
