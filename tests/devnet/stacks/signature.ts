/**
 * Checks a standard single-signature Stacks transaction's signature the way a
 * node does (SIP-005), with @noble: the "initial sighash" is the txid of the
 * transaction with its spending condition cleared (nonce, fee, signature zeroed);
 * the signer signs sha512/256(initial || auth type || fee || nonce), and the
 * recoverable signature (recovery id, r, s) must recover a key whose hash160 is
 * the spending condition's signer. Returns a reason, or null when it holds.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { ripemd160 } from '@noble/hashes/legacy.js';
import { sha256, sha512_256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

// Offsets in a serialized transaction with standard auth and a single-sig P2PKH condition.
const AUTH_TYPE = 5;
const HASH_MODE = 6;
const SIGNER = 7;
const NONCE = 27;
const FEE = 35;
const KEY_ENCODING = 43;
const SIGNATURE = 44;
const SIG_END = 109;

export function verifySingleSig(raw: Uint8Array): string | null {
  if (raw.length < SIG_END) return 'transaction too short';
  if (raw[AUTH_TYPE] !== 0x04) return 'only standard (not sponsored) authorization is accepted here';
  if (raw[HASH_MODE] !== 0x00) return 'only single-signature P2PKH spending conditions are accepted here';
  if (raw[KEY_ENCODING] !== 0x00) return 'only compressed public keys are accepted here';
  const cleared = raw.slice();
  cleared.fill(0, NONCE, FEE + 8);
  cleared.fill(0, SIGNATURE, SIG_END);
  const initial = sha512_256(cleared);
  const presign = sha512_256(new Uint8Array([...initial, raw[AUTH_TYPE]!, ...raw.slice(FEE, FEE + 8), ...raw.slice(NONCE, NONCE + 8)]));
  const recovery = raw[SIGNATURE]!;
  if (recovery > 3) return 'bad recovery id';
  let pub: Uint8Array;
  try {
    // noble's recovered format: recovery byte then r || s (64 bytes), as Stacks lays them out.
    pub = secp256k1.recoverPublicKey(raw.slice(SIGNATURE, SIG_END), presign, { prehash: false });
  } catch {
    return 'signature does not recover a key';
  }
  const hash160 = bytesToHex(ripemd160(sha256(pub)));
  return hash160 === bytesToHex(raw.slice(SIGNER, SIGNER + 20)) ? null : 'signature is not by the spending condition\'s signer';
}
