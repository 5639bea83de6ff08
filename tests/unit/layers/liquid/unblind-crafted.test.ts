/**
 * unblindOutput against secp256k1-zkp on outputs crafted field by field by a
 * hostile sender (or a lying Esplora): ephemeral keys with other prefixes, x of p
 * or more, x off the curve; commitments and generators with other prefixes or x
 * of p or more; a value commitment to another value or blinder; an asset
 * commitment to another asset; proofs cut short or carrying extra bytes. The
 * library side takes the nonce from its own ECDH (not noble's), so the peer
 * key's parsing is checked against an independent implementation. Ours must
 * refuse wherever the library refuses and open to the same thing otherwise.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { assetIdFromBytes, explicitAsset } from '../../../../src/layers/liquid/encoding';
import { unblindOutput, type RawOutput } from '../../../../src/layers/liquid/unblind';
import { loadZkp, type ZKP } from '../../../../src/layers/liquid/zkp';

const { Fp } = secp256k1.Point;
const random32 = () => Buffer.from(secp256k1.utils.randomSecretKey());
const be32 = (x: bigint) => Buffer.from(x.toString(16).padStart(64, '0'), 'hex');
const SCRIPT = Buffer.from([0, 20, ...new Array(20).fill(7)]);
const TAG = Buffer.alloc(32, 0x44);
const OTHER_TAG = Buffer.alloc(32, 0x55);

let zkp: ZKP;
const receiverKey = random32();
const receiverPub = Buffer.from(secp256k1.getPublicKey(receiverKey, true));

interface Signed {
  out: RawOutput;
  abf: Buffer;
  vbf: Buffer;
  value: string;
  gen: Buffer;
}

/** An honest output the library blinds to the receiver, the nonce from the library's own ECDH. */
function signed(explicit: boolean, value: string): Signed {
  const abf = explicit ? Buffer.alloc(32) : random32();
  const gen = explicit ? zkp.generator.generate(TAG) : zkp.generator.generateBlinded(TAG, abf);
  const vbf = random32();
  const commit = zkp.pedersen.commit(vbf, value, gen);
  const eph = random32();
  const nonce = Buffer.from(sha256(zkp.ecdh(receiverPub, eph)));
  const proof = zkp.rangeproof.sign(commit, vbf, nonce, value, gen, '1', 0, 52, Buffer.concat([TAG, abf]), SCRIPT);
  return {
    out: {
      script: SCRIPT,
      asset: explicit ? explicitAsset(bytesToHex(Uint8Array.from(TAG).reverse())) : Uint8Array.from(zkp.generator.serialize(gen)),
      value: Uint8Array.from(zkp.pedersen.commitSerialize(commit)),
      nonce: secp256k1.getPublicKey(eph, true),
      rangeProof: Uint8Array.from(proof),
    },
    abf,
    vbf,
    value,
    gen,
  };
}

/** The library's opening with unblind's asset checks (its rewind also verifies the ring signature); null where any step refuses. */
function library(out: RawOutput) {
  try {
    const tag = out.asset[0] === 1 && out.asset.length === 33 ? Buffer.from(out.asset.subarray(1)) : null;
    const gen = tag ? zkp.generator.generate(tag) : zkp.generator.parse(Buffer.from(out.asset));
    const commit = zkp.pedersen.commitParse(Buffer.from(out.value));
    const nonce = Buffer.from(sha256(zkp.ecdh(Buffer.from(out.nonce), receiverKey)));
    const r = zkp.rangeproof.rewind(commit, Buffer.from(out.rangeProof!), nonce, gen, Buffer.from(out.script));
    if (r.message.length < 64) return null;
    const msgTag = r.message.subarray(0, 32);
    const abf = tag ? Buffer.alloc(32) : r.message.subarray(32, 64);
    const assetOpens = tag
      ? msgTag.equals(tag)
      : zkp.generator.serialize(zkp.generator.generateBlinded(msgTag, abf)).equals(Buffer.from(out.asset));
    const valueOpens = zkp.pedersen.commitSerialize(zkp.pedersen.commit(r.blindFactor, r.value, gen)).equals(Buffer.from(out.value));
    if (!assetOpens || !valueOpens) return null;
    return { asset: assetIdFromBytes(msgTag), value: BigInt(r.value), assetBlinder: bytesToHex(abf), valueBlinder: bytesToHex(r.blindFactor) };
  } catch {
    return null;
  }
}

function ours(out: RawOutput) {
  const r = unblindOutput(out, receiverKey);
  return r && { asset: r.asset, value: r.value, assetBlinder: bytesToHex(r.assetBlinder), valueBlinder: bytesToHex(r.valueBlinder) };
}

const withField = (s: Signed, field: 'nonce' | 'value' | 'asset' | 'rangeProof', bytes: Uint8Array): RawOutput => ({ ...s.out, [field]: bytes });

/** x values in [0, p) that are (on) or are not (off) the x of a curve point, the smallest ones. */
function smallX(on: boolean): bigint {
  for (let x = 1n; ; x++) {
    try {
      secp256k1.Point.fromHex('02' + bytesToHex(be32(x)));
      if (on) return x;
    } catch {
      if (!on) return x;
    }
  }
}

describe('unblindOutput against secp256k1-zkp on crafted fields', { timeout: 180_000 }, () => {
  const honest: Signed[] = [];
  beforeAll(async () => {
    zkp = await loadZkp();
    honest.push(signed(false, '123456789'), signed(true, '42'));
  }, 180_000);

  it('opens the honest outputs as the library does (its own ECDH giving the nonce)', () => {
    for (const s of honest) {
      const want = library(s.out);
      expect(want).not.toBeNull();
      expect(ours(s.out)).toEqual(want);
    }
  });

  it('refuses, as the library does, an ephemeral key with another prefix, an x of p or more (p + an x on the curve too), an x off the curve', () => {
    const s = honest[0]!;
    const x = s.out.nonce.subarray(1);
    const cases: [string, Uint8Array][] = [];
    for (const prefix of [0x00, 0x01, 0x04, 0x05, 0x06, 0x07, 0x08, 0x09, 0x0a, 0x0b, 0x12, 0x82, 0xff]) cases.push([`prefix ${prefix}`, Uint8Array.of(prefix, ...x)]);
    // The other parity is a valid key (-Q): both open nothing with it.
    cases.push(['other parity', Uint8Array.of(s.out.nonce[0]! ^ 1, ...x)]);
    const onX = smallX(true);
    for (const bad of [Fp.ORDER, Fp.ORDER + 1n, Fp.ORDER + onX, (1n << 256n) - 1n, smallX(false), 0n]) {
      for (const prefix of [2, 3]) cases.push([`${prefix} ${bad.toString(16)}`, Uint8Array.of(prefix, ...be32(bad))]);
    }
    for (const [label, nonce] of cases) {
      const out = withField(s, 'nonce', nonce);
      expect(library(out), label).toBeNull();
      expect(ours(out), label).toBeNull();
    }
  });

  it('refuses, as the library does, a value commitment or generator with another prefix or an x of p or more', () => {
    const s = honest[0]!;
    const cases: [string, RawOutput][] = [];
    for (const prefix of [0x00, 0x01, 0x02, 0x03, 0x04, 0x0c, 0x88, 0xff]) {
      cases.push([`value prefix ${prefix}`, withField(s, 'value', Uint8Array.of(prefix, ...s.out.value.subarray(1)))]);
      cases.push([`asset prefix ${prefix}`, withField(s, 'asset', Uint8Array.of(prefix, ...s.out.asset.subarray(1)))]);
    }
    // A commitment's prefix on the generator and the other way round.
    cases.push(['value as generator', withField(s, 'value', Uint8Array.of(s.out.value[0]! ^ 0x02, ...s.out.value.subarray(1)))]);
    cases.push(['asset as commitment', withField(s, 'asset', Uint8Array.of(s.out.asset[0]! ^ 0x02, ...s.out.asset.subarray(1)))]);
    for (const bad of [Fp.ORDER, Fp.ORDER + smallX(true), (1n << 256n) - 1n]) {
      cases.push([`value x ${bad.toString(16)}`, withField(s, 'value', Uint8Array.of(s.out.value[0]!, ...be32(bad)))]);
      cases.push([`asset x ${bad.toString(16)}`, withField(s, 'asset', Uint8Array.of(s.out.asset[0]!, ...be32(bad)))]);
    }
    for (const [label, out] of cases) {
      expect(library(out), label).toBeNull();
      expect(ours(out), label).toBeNull();
    }
  });

  it('refuses a value commitment to another value or another blinder, and an asset commitment to another asset, behind the honest proof', () => {
    for (const s of honest) {
      const explicit = s.out.asset[0] === 1;
      const commitTo = (vbf: Buffer, value: string) => Uint8Array.from(zkp.pedersen.commitSerialize(zkp.pedersen.commit(vbf, value, s.gen)));
      const vbf1 = Buffer.from(s.vbf);
      vbf1[31] = vbf1[31]! ^ 1;
      const cases: [string, RawOutput][] = [
        ['value + 1', withField(s, 'value', commitTo(s.vbf, String(BigInt(s.value) + 1n)))],
        ['value - 1', withField(s, 'value', commitTo(s.vbf, String(BigInt(s.value) - 1n)))],
        ['another blinder', withField(s, 'value', commitTo(vbf1, s.value))],
        [
          'another asset',
          withField(
            s,
            'asset',
            explicit ? explicitAsset(bytesToHex(Uint8Array.from(OTHER_TAG).reverse())) : Uint8Array.from(zkp.generator.serialize(zkp.generator.generateBlinded(OTHER_TAG, s.abf))),
          ),
        ],
      ];
      if (!explicit) {
        // The same asset under another blinder, and the asset unblinded: the message's blinder no longer opens it.
        cases.push(['another asset blinder', withField(s, 'asset', Uint8Array.from(zkp.generator.serialize(zkp.generator.generateBlinded(TAG, random32()))))]);
        cases.push(['explicit asset', withField(s, 'asset', explicitAsset(bytesToHex(Uint8Array.from(TAG).reverse())))]);
      }
      for (const [label, out] of cases) {
        expect(library(out), label).toBeNull();
        expect(ours(out), label).toBeNull();
      }
    }
  });

  it('refuses, as the library does, a proof cut short or with bytes after its last s value', () => {
    const s = honest[0]!;
    const proof = s.out.rangeProof!;
    const cases: [string, Uint8Array][] = [
      ['one byte short', proof.subarray(0, proof.length - 1)],
      ['one s value short', proof.subarray(0, proof.length - 32)],
      ['header only', proof.subarray(0, 10)],
      ['one byte more', Uint8Array.of(...proof, 0)],
      ['one s value more', Uint8Array.of(...proof, ...new Uint8Array(32).fill(1))],
    ];
    for (const [label, rangeProof] of cases) {
      const out = withField(s, 'rangeProof', rangeProof);
      expect(library(out), label).toBeNull();
      expect(ours(out), label).toBeNull();
    }
  });
});
