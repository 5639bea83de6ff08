// Follows ElementsProject/elements src/blind.cpp (BlindTransaction, UnblindConfidentialPair) and src/consensus/tx_verify.cpp (VerifyAmounts).
/**
 * The devnets' confidential-transaction primitives: secp256k1-zkp 3.x (its C library has
 * precomputed tables, so the context it builds per call costs next to nothing, where the
 * 2.x the wallet signs with builds its tables per call: about 30 ms each here, most of a
 * Liquid devnet's time) for commitments, proofs and rewinds, and elliptic for the sum of
 * commitments 3.x does not export. The wallet uses neither version for these checks.
 */
import { createRequire } from 'node:module';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, concatBytes } from '@noble/hashes/utils.js';
import elliptic from 'elliptic';
import type { Secp256k1ZKP } from 'secp256k1-zkp-3';

// The package is CommonJS with its loader on `default`; require reads it the same under tsx and Vitest.
const load = (createRequire(import.meta.url)('secp256k1-zkp-3') as { default: () => Promise<Secp256k1ZKP> }).default;
let loading: Promise<Secp256k1ZKP> | undefined;

/** One instance per process: the WASM compiles once. */
export function devnetZkp(): Promise<Secp256k1ZKP> {
  return (loading ??= load());
}

export type { Secp256k1ZKP };

const ZERO32 = new Uint8Array(32);
/** liquidjs-lib's defaults, which these devnets used before: minimum value 1, exponent 0, 36 bits. */
const MIN_VALUE = '1';
const MIN_BITS = '36';
const SURJECTION_MAX_ITERATIONS = 100;

/** Elements' rewind nonce: SHA256 of the ECDH secret (itself SHA256 of the compressed shared point). */
export function nonceOf(zkp: Secp256k1ZKP, pubkey: Uint8Array, scalar: Uint8Array): Uint8Array {
  return sha256(zkp.ecdh(pubkey, scalar));
}

export interface BlindedOutput {
  asset: Uint8Array;
  value: Uint8Array;
  nonce: Uint8Array;
  rangeProof: Uint8Array;
  surjectionProof: Uint8Array;
}

/**
 * An output of `sats` of `asset` (32-byte tag) blinded to `blindingPubkey`, its asset
 * proven to be one of `inputs` (tags and their asset blinders); `abf` and `vbf` are its own
 * blinders, `ephemeral` the key whose public half is the output's nonce field.
 */
export function blindOutput(
  zkp: Secp256k1ZKP,
  o: { sats: bigint; asset: Uint8Array; script: Uint8Array; blindingPubkey: Uint8Array; abf: Uint8Array; vbf: Uint8Array; ephemeral: Uint8Array; seed: Uint8Array },
  inputs: { asset: Uint8Array; abf: Uint8Array }[],
): BlindedOutput {
  const generator = zkp.generator.generateBlinded(o.asset, o.abf);
  const value = zkp.pedersen.commitment(o.sats.toString(), generator, o.vbf);
  const nonce = nonceOf(zkp, o.blindingPubkey, o.ephemeral);
  const rangeProof = zkp.rangeproof.sign(o.sats.toString(), value, generator, o.vbf, nonce, MIN_VALUE, '0', MIN_BITS, concatBytes(o.asset, o.abf), o.script);
  const init = zkp.surjectionproof.initialize(
    inputs.map((i) => i.asset),
    o.asset,
    SURJECTION_MAX_ITERATIONS,
    o.seed,
  );
  const inputGenerators = inputs.map((i) => zkp.generator.generateBlinded(i.asset, i.abf));
  const surjectionProof = zkp.surjectionproof.generate(init.proof, inputGenerators, generator, init.inputIndex, inputs[init.inputIndex]!.abf, o.abf);
  return { asset: generator, value, nonce: zkp.ecc.pointFromScalar(o.ephemeral, true)!, rangeProof, surjectionProof };
}

/** The value blinder that balances the last output (Elements' BlindTransaction; 3.x wants every blinder, the last ignored). */
export function balancingBlinder(
  zkp: Secp256k1ZKP,
  inputs: { sats: bigint; abf: Uint8Array; vbf: Uint8Array }[],
  outputs: { sats: bigint; abf: Uint8Array; vbf: Uint8Array }[],
): Uint8Array {
  const all = [...inputs, ...outputs];
  return zkp.pedersen.blindGeneratorBlindSum(
    all.map((x) => x.sats.toString()),
    all.map((x) => x.abf),
    all.map((x) => x.vbf),
    inputs.length,
  );
}

/** Opens an output blinded to `blindingKey`: its value, asset tag and blinders (throws when the key is not its). */
export function unblindOutput(
  zkp: Secp256k1ZKP,
  out: { asset: Uint8Array; value: Uint8Array; nonce: Uint8Array; rangeProof?: Uint8Array; script: Uint8Array },
  blindingKey: Uint8Array,
): { sats: bigint; asset: Uint8Array; abf: Uint8Array; vbf: Uint8Array } {
  if (!out.rangeProof?.length) throw new Error('no range proof to rewind');
  const r = zkp.rangeproof.rewind(out.rangeProof, out.value, out.asset, nonceOf(zkp, out.nonce, blindingKey), out.script);
  return { sats: BigInt(r.value), asset: r.message.slice(0, 32), abf: r.message.slice(32, 64), vbf: r.blinder };
}

/** The serialized generator of an explicit asset (tag), as a blinded asset field is one. */
export function explicitGenerator(zkp: Secp256k1ZKP, tag: Uint8Array): Uint8Array {
  return zkp.generator.generate(tag);
}

/** The commitment of an explicit amount: a zero value blinder. */
export function explicitCommitment(zkp: Secp256k1ZKP, sats: bigint, generator: Uint8Array): Uint8Array {
  return zkp.pedersen.commitment(sats.toString(), generator, ZERO32);
}

const ec = new elliptic.ec('secp256k1');
const P = BigInt(`0x${ec.curve.p.toString(16)}`);
type Point = ReturnType<typeof ec.curve.pointFromX>;

function powMod(b: bigint, e: bigint, m: bigint): bigint {
  let r = 1n;
  for (b %= m; e > 0n; e >>= 1n, b = (b * b) % m) if (e & 1n) r = (r * b) % m;
  return r;
}

/**
 * The point of a serialized Pedersen commitment (0x08 / 0x09) or generator (0x0a / 0x0b):
 * the prefix's low bit says the y that is not a square mod p (secp256k1-zkp's
 * pedersen_commitment_load and generator_load); null when x is not on the curve.
 */
export function pointOf(bytes: Uint8Array, prefixes: readonly [number, number]): Point | null {
  if (bytes.length !== 33 || (bytes[0] !== prefixes[0] && bytes[0] !== prefixes[1])) return null;
  const x = BigInt(`0x${bytesToHex(bytes.subarray(1))}`);
  if (x >= P) return null;
  try {
    const point = ec.curve.pointFromX(x.toString(16), false);
    if (!point.validate()) return null;
    const y = BigInt(`0x${point.getY().toString(16)}`);
    const square = powMod(y, (P - 1n) / 2n, P) === 1n;
    return square === (bytes[0] === prefixes[0]) ? point : point.neg();
  } catch {
    return null;
  }
}

export const COMMITMENT_PREFIXES = [0x08, 0x09] as const;
export const GENERATOR_PREFIXES = [0x0a, 0x0b] as const;

/** Whether the input commitments sum to the output commitments (secp256k1_pedersen_verify_tally). */
export function commitmentsBalance(inputs: Uint8Array[], outputs: Uint8Array[]): boolean {
  const sum = (list: Uint8Array[]): Point | null => {
    let acc: Point | null = null;
    for (const c of list) {
      const p = pointOf(c, COMMITMENT_PREFIXES);
      if (!p) return null;
      acc = acc ? acc.add(p) : p;
    }
    return acc;
  };
  const a = sum(inputs);
  const b = sum(outputs);
  if (!a || !b) return false;
  return a.add(b.neg()).isInfinity();
}
