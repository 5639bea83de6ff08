/**
 * BOLT-11 invoice decoding and verification, written on @scure/base bech32 and
 * @noble/curves. Every reader requirement of the spec that decides whether an
 * invoice may be paid is enforced here; the caller adds network and expiry
 * checks (assertPayable) because those depend on the wallet's state.
 */
import { bech32 } from '@scure/base';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToNumberBE } from '@noble/curves/utils.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { WalletError } from '../../shared/errors';
import { wordsToBytes, wordsToNumber } from './bech32-words';
import { localText, type LocalText } from '../../shared/local-text';

/** Currency prefixes after `ln`: mainnet, testnet, signet, regtest. */
export type Bolt11Currency = 'bc' | 'tb' | 'tbs' | 'bcrt';

export interface RouteHop {
  pubkey: string;
  shortChannelId: string;
  feeBaseMsat: number;
  feeProportionalMillionths: number;
  cltvExpiryDelta: number;
}

export interface Bolt11Invoice {
  /** The invoice in lower case, as it is handed to a payer. */
  invoice: string;
  currency: Bolt11Currency;
  /** null when the invoice leaves the amount to the payer. */
  amountMsat: bigint | null;
  /** Seconds since epoch. */
  timestamp: number;
  /** The `x` field, up to the last date a JavaScript Date can hold. */
  expirySeconds: number;
  /** Seconds since epoch after which the payee will refuse the payment. */
  expiresAt: number;
  /** 33-byte compressed node key, hex: from the `n` field or recovered from the signature. */
  payee: string;
  paymentHash: string;
  paymentSecret: string;
  description?: string;
  descriptionHash?: string;
  minFinalCltvExpiry: number;
  /** Feature bits set in the `9` field. */
  features: number[];
  routeHints: RouteHop[][];
  fallbacks: { version: number; program: string }[];
  metadata?: string;
}

const TAG = { p: 1, s: 16, d: 13, m: 27, n: 19, h: 23, x: 6, c: 24, f: 9, r: 3, features: 5 } as const;
const SIGNATURE_WORDS = 104; // 65 bytes
const TIMESTAMP_WORDS = 7;
const DEFAULT_EXPIRY = 3600n;
const DEFAULT_MIN_FINAL_CLTV = 18n;
/** Even/odd pairs BOLT 9 allows in the `9` context: var_onion_optin, payment_secret, basic_mpp, route_blinding, attribution_data, payment_metadata. */
const KNOWN_FEATURES = new Set([8, 9, 14, 15, 16, 17, 24, 25, 36, 37, 48, 49]);

const MSAT_PER_BTC = 100_000_000_000n;
const MULTIPLIER_DIVISOR: Record<string, bigint> = { m: 1_000n, u: 1_000_000n, n: 1_000_000_000n, p: 1_000_000_000_000n };

function bad(text: LocalText): WalletError {
  return new WalletError('bad_invoice', text);
}

export function looksLikeBolt11(text: string): boolean {
  return /^ln(bc|tb|tbs|bcrt)[0-9]*[munp]?1[02-9ac-hj-np-z]+$/i.test(text);
}

function parseHrp(prefix: string): { currency: Bolt11Currency; amountMsat: bigint | null } {
  const m = /^ln(bcrt|tbs|tb|bc)(.*)$/.exec(prefix);
  if (!m) throw bad(localText('err_bolt11_prefix'));
  const currency = m[1] as Bolt11Currency;
  const amount = m[2] ?? '';
  if (amount === '') return { currency, amountMsat: null };
  const a = /^([0-9]+)([munp]?)$/.exec(amount);
  if (!a) throw bad(localText('err_bolt11_multiplier'));
  const digits = BigInt(a[1]!);
  const mult = a[2] ?? '';
  if (digits === 0n) throw bad(localText('err_bolt11_zero'));
  if (!mult) return { currency, amountMsat: digits * MSAT_PER_BTC };
  const divisor = MULTIPLIER_DIVISOR[mult]!;
  const scaled = digits * MSAT_PER_BTC;
  if (scaled % divisor !== 0n) throw bad(localText('err_bolt11_sub_msat'));
  return { currency, amountMsat: scaled / divisor };
}

/**
 * A variable-length integer field (`x`, `c`): any length BOLT-11's 10-bit data
 * length allows, so as a bigint. It must use the fewest words (BOLT-11: SHOULD
 * treat as invalid otherwise).
 */
function minimalNumber(words: number[], name: LocalText): bigint {
  if (words.length > 0 && words[0] === 0) throw bad(localText('err_bolt11_not_minimal', name));
  return words.reduce((n, w) => (n << 5n) | BigInt(w), 0n);
}

/** The last instant a JavaScript Date represents (+275760-09-13), in seconds: later expiries read as it. */
const LAST_DATE_SECONDS = 8_640_000_000_000n;
/** CLTV deltas are block counts carried in 32 bits on the wire (BOLT 4). */
const MAX_CLTV = 0xffff_ffffn;

function readFeatures(words: number[]): number[] {
  if (words.length > 0 && words[0] === 0) throw bad(localText('err_bolt11_features_not_minimal'));
  const bits: number[] = [];
  const total = words.length * 5;
  words.forEach((w, i) => {
    for (let b = 0; b < 5; b++) if (w & (1 << (4 - b))) bits.push(total - 1 - (i * 5 + b));
  });
  bits.sort((x, y) => x - y);
  for (const bit of bits) {
    if (bit % 2 === 0 && !KNOWN_FEATURES.has(bit)) {
      throw bad(localText('err_bolt11_unknown_feature', String(bit)));
    }
  }
  if ((bits.includes(16) || bits.includes(17)) && !(bits.includes(14) || bits.includes(15))) {
    throw bad(localText('err_bolt11_mpp_no_secret'));
  }
  return bits;
}

function readRouteHints(bytes: Uint8Array): RouteHop[] {
  const hops: RouteHop[] = [];
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let o = 0; o + 51 <= bytes.length; o += 51) {
    const scid = view.getBigUint64(o + 33);
    hops.push({
      pubkey: bytesToHex(bytes.subarray(o, o + 33)),
      shortChannelId: `${scid >> 40n}x${(scid >> 16n) & 0xffffffn}x${scid & 0xffffn}`,
      feeBaseMsat: view.getUint32(o + 41),
      feeProportionalMillionths: view.getUint32(o + 45),
      cltvExpiryDelta: view.getUint16(o + 49),
    });
  }
  return hops;
}

function utf8(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw bad(localText('err_bolt11_description_text'));
  }
}

/**
 * Decodes a bolt11 invoice and verifies its signature. Throws `bad_invoice` with a
 * readable reason for anything the spec says a reader must refuse. With `expected`,
 * an invoice for another network is refused first (`wrong_network`), since that is
 * the clearest thing to tell the user.
 */
export function decodeBolt11(input: string, expected?: Bolt11Currency): Bolt11Invoice {
  const text = input.trim();
  if (text !== text.toLowerCase() && text !== text.toUpperCase()) {
    throw bad(localText('err_bolt11_mixed_case'));
  }
  const lower = text.toLowerCase();
  let prefix: string;
  let words: number[];
  try {
    ({ prefix, words } = bech32.decode(lower as `${string}1${string}`, false));
  } catch {
    throw bad(localText('err_bolt11_checksum'));
  }
  const { currency, amountMsat } = parseHrp(prefix);
  if (expected && currency !== expected) throw wrongNetwork(currency, expected);
  if (words.length < TIMESTAMP_WORDS + SIGNATURE_WORDS) throw bad(localText('err_bolt11_short'));

  const dataWords = words.slice(0, words.length - SIGNATURE_WORDS);
  const sigBytes = wordsToBytes(words.slice(words.length - SIGNATURE_WORDS), false);
  const timestamp = wordsToNumber(dataWords.slice(0, TIMESTAMP_WORDS));

  let paymentHash: string | undefined;
  let paymentSecret: string | undefined;
  let description: string | undefined;
  let descriptionHash: string | undefined;
  let payeeField: Uint8Array | undefined;
  let expiry = DEFAULT_EXPIRY;
  let minFinalCltv = DEFAULT_MIN_FINAL_CLTV;
  let features: number[] = [];
  let metadata: string | undefined;
  let descriptions = 0;
  let hashes = 0;
  const routeHints: RouteHop[][] = [];
  const fallbacks: { version: number; program: string }[] = [];

  for (let i = TIMESTAMP_WORDS; i < dataWords.length; ) {
    if (i + 3 > dataWords.length) throw bad(localText('err_bolt11_cut'));
    const type = dataWords[i]!;
    const len = dataWords[i + 1]! * 32 + dataWords[i + 2]!;
    const field = dataWords.slice(i + 3, i + 3 + len);
    if (field.length !== len) throw bad(localText('err_bolt11_cut'));
    i += 3 + len;
    // Fixed-length fields of the wrong size are refused (BOLT-11 since 2025: "MUST fail the payment").
    const fixed = (want: number, name: LocalText) => {
      if (len !== want) throw bad(localText('err_bolt11_wrong_length', name));
    };
    switch (type) {
      case TAG.p:
        fixed(52, localText('err_bolt11_field_payment_hash'));
        if (paymentHash === undefined) paymentHash = bytesToHex(wordsToBytes(field, false));
        break;
      case TAG.s:
        fixed(52, localText('err_bolt11_field_payment_secret'));
        if (paymentSecret === undefined) paymentSecret = bytesToHex(wordsToBytes(field, false));
        break;
      case TAG.h:
        fixed(52, localText('err_bolt11_field_description_hash'));
        hashes++;
        descriptionHash = bytesToHex(wordsToBytes(field, false));
        break;
      case TAG.n:
        fixed(53, localText('err_bolt11_field_payee'));
        payeeField = wordsToBytes(field, false);
        break;
      case TAG.d:
        descriptions++;
        description = utf8(wordsToBytes(field, false));
        break;
      case TAG.x:
        expiry = minimalNumber(field, localText('err_bolt11_field_expiry'));
        break;
      case TAG.c:
        minFinalCltv = minimalNumber(field, localText('err_bolt11_field_cltv'));
        if (minFinalCltv > MAX_CLTV) throw bad(localText('err_bolt11_cltv_too_far', String(minFinalCltv)));
        break;
      case TAG.features:
        features = readFeatures(field);
        break;
      case TAG.m:
        metadata = bytesToHex(wordsToBytes(field, false));
        break;
      case TAG.r:
        routeHints.push(readRouteHints(wordsToBytes(field, false)));
        break;
      case TAG.f: {
        const version = field[0];
        // Unknown fallback versions are skipped, as the spec asks.
        if (version !== undefined && version <= 18) {
          fallbacks.push({ version, program: bytesToHex(wordsToBytes(field.slice(1), false)) });
        }
        break;
      }
      default:
        break; // unknown fields are ignored
    }
  }

  if (!paymentHash) throw bad(localText('err_bolt11_no_hash'));
  if (!paymentSecret) throw bad(localText('err_bolt11_no_secret'));
  if (descriptions + hashes !== 1) {
    throw bad(descriptions + hashes === 0 ? localText('err_bolt11_no_description') : localText('err_bolt11_two_descriptions'));
  }

  const payee = verifySignature(prefix, dataWords, sigBytes, payeeField);
  const end = BigInt(timestamp) + expiry;
  const expiresAt = Number(end < LAST_DATE_SECONDS ? end : LAST_DATE_SECONDS);
  return {
    invoice: lower,
    currency,
    amountMsat,
    timestamp,
    expirySeconds: expiresAt - timestamp,
    expiresAt,
    payee: bytesToHex(payee),
    paymentHash,
    paymentSecret,
    ...(description !== undefined ? { description } : {}),
    ...(descriptionHash !== undefined ? { descriptionHash } : {}),
    minFinalCltvExpiry: Number(minFinalCltv),
    features,
    routeHints,
    fallbacks,
    ...(metadata !== undefined ? { metadata } : {}),
  };
}

/** The signature covers sha256(hrp bytes || data words padded to bytes). Returns the payee key. */
function verifySignature(prefix: string, dataWords: number[], sig: Uint8Array, payeeField?: Uint8Array): Uint8Array {
  const hrp = utf8ToBytes(prefix);
  const data = wordsToBytes(dataWords, true);
  const preimage = new Uint8Array(hrp.length + data.length);
  preimage.set(hrp);
  preimage.set(data, hrp.length);
  const digest = sha256(preimage);
  const compact = sig.subarray(0, 64);
  const recovery = sig[64]!;
  if (payeeField) {
    // With `n`, verify against it and insist on low-S (BOLT-11: MUST fail the payment otherwise).
    if (bytesToNumberBE(compact.subarray(32, 64)) > secp256k1.Point.Fn.ORDER >> 1n) {
      throw bad(localText('err_bolt11_high_s'));
    }
    let ok = false;
    try {
      ok = secp256k1.verify(compact, digest, payeeField, { prehash: false, lowS: true, format: 'compact' });
    } catch {
      ok = false;
    }
    if (!ok) throw bad(localText('err_bolt11_sig_mismatch'));
    return payeeField;
  }
  if (recovery > 3) throw bad(localText('err_bolt11_sig_malformed'));
  try {
    // The spec's high-S vector keeps the recovery id of the low-S form, as libsecp256k1 readers do.
    const parsed = secp256k1.Signature.fromBytes(compact, 'compact');
    const n = secp256k1.Point.Fn.ORDER;
    const lowS = parsed.s > n >> 1n ? n - parsed.s : parsed.s;
    const point = new secp256k1.Signature(parsed.r, lowS, recovery).recoverPublicKey(digest);
    return point.toBytes(true);
  } catch {
    throw bad(localText('err_bolt11_sig_unrecoverable'));
  }
}

const CURRENCY_NAMES: Record<Bolt11Currency, LocalText> = {
  bc: localText('bolt11Net_bc'),
  tb: localText('bolt11Net_tb'),
  tbs: localText('bolt11Net_tbs'),
  bcrt: localText('bolt11Net_bcrt'),
};

function wrongNetwork(currency: Bolt11Currency, expected: Bolt11Currency): WalletError {
  return new WalletError(
    'wrong_network',
    localText('err_invoice_network', CURRENCY_NAMES[currency], `ln${currency}`, CURRENCY_NAMES[expected], `ln${expected}`),
  );
}

export function assertInvoiceNetwork(inv: Bolt11Invoice, expected: Bolt11Currency): void {
  if (inv.currency !== expected) throw wrongNetwork(inv.currency, expected);
}

export function assertNotExpired(inv: Bolt11Invoice, nowMs: number): void {
  if (nowMs / 1000 >= inv.expiresAt) {
    throw new WalletError('invoice_expired', localText('err_invoice_expired', new Date(inv.expiresAt * 1000).toISOString()));
  }
}

/** Decode, verify, and check network and expiry: everything needed before paying. */
export function decodePayableInvoice(text: string, network: Bolt11Currency, nowMs: number): Bolt11Invoice {
  const inv = decodeBolt11(text, network);
  assertNotExpired(inv, nowMs);
  return inv;
}
