/**
 * How boltzr finds the swaps of a restore request: the request's variants and their
 * checks (boltz-backend boltzr/src/api/rescue.rs, RescueParams), the keys each variant
 * yields (boltzr/src/service/pubkey_iterator.rs: an xpub's keys at
 * xpub/<derivationPath, default m/44/0/0/0>/i, a single key, a list of keys), and the
 * scan over them in windows of the gap limit (boltzr/src/service/rescue.rs,
 * scan_swaps_paginated). Keys are derived with bcoin's HD code, not the wallet's
 * @scure/bip32; the scan's search goes faster (see childKeys), and each key an answer
 * names is derived again with bcoin.
 */
import { createHmac } from 'node:crypto';
import { secp256k1 as noble } from '@noble/curves/secp256k1.js';
import bcoin from 'bcoin';
import secp256k1 from 'bcrypto/lib/secp256k1.js';
import { HttpReply } from '../http-server';
import { batchBaseMultiplyAdd } from './batch-base-multiply';

/** boltzr/src/service/pubkey_iterator.rs */
export const MAX_GAP_LIMIT = 150;
export const MAX_PAGINATION_LIMIT = 1000;
const DEFAULT_GAP_LIMIT = 50;
const DEFAULT_DERIVATION_PATH = 'm/44/0/0/0';
const U32_MAX = 0xffff_ffff;
const HARDENED = 0x8000_0000;

/** serde's error when no variant of the untagged RescueParams fits the body (axum answers it 422). */
const NO_VARIANT = 'Failed to deserialize the JSON body into the target type: data did not match any variant of untagged enum RescueParams';

export interface Pagination {
  startIndex: number;
  limit: number;
}

/** A PubkeyIterator: the keys of a restore request, hex of compressed public keys, by index. */
export interface KeyIterator {
  gapLimit: number;
  maxKeys: number;
  pagination?: Pagination;
  /** Keys start..end (the result) and, in `keys`, their indexes plus a buffer past `end` as boltzr keeps. */
  derive(keys: Map<string, number>, start: number, end: number): string[];
  /** `index` when bcoin derives `key` there (an answer names no other); else a 500. */
  confirm(key: string, index: number): number;
  /** Another key tree's scan derived `key`, so this one never will (two trees deriving one key would be a secp256k1 collision). */
  foreign(key: string): boolean;
}

const unprocessable = (error: string): never => {
  throw new HttpReply(422, { error });
};

const isU32 = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0 && v <= U32_MAX;
/** serde: an absent or null Option field is None; anything but a u32 makes the variant not match. */
const optionalU32 = (v: unknown): number | undefined | false => (v === undefined || v === null ? undefined : isU32(v) ? v : false);

/** rust-bitcoin's Xpub::from_str: base58check, mainnet xpub or testnet tpub. */
/** The part of bcoin's hd.PublicKey the scan uses. */
interface HdPublic {
  derive(index: number): HdPublic;
  publicKey: Buffer;
  chainCode: Buffer;
  toBase58(): string;
}

function parseXpub(v: unknown): HdPublic | null {
  if (typeof v !== 'string') return null;
  for (const network of ['main', 'testnet']) {
    try {
      return bcoin.hd.PublicKey.fromBase58(v, network);
    } catch {
      /* another network's prefix, or not an xpub */
    }
  }
  return null;
}

function parsePublicKey(v: unknown): string | null {
  if (typeof v !== 'string' || !/^(02|03)[0-9a-fA-F]{64}$|^04[0-9a-fA-F]{128}$/.test(v)) return null;
  const key = Buffer.from(v, 'hex');
  // boltzr serializes the keys it matches compressed.
  return secp256k1.publicKeyVerify(key) ? Buffer.from(secp256k1.publicKeyConvert(key, true)).toString('hex') : null;
}

/** rust-bitcoin's DerivationPath::from_str: "m" then child numbers, ' or h marking hardened ones. */
function parsePath(path: string): number[] {
  const parts = path.split('/');
  if (parts[0] === 'm') parts.shift();
  return parts.map((p) => {
    const m = /^(\d+)(['hH]?)$/.exec(p);
    const n = m ? Number(m[1]) : NaN;
    if (!m || !Number.isSafeInteger(n) || n >= HARDENED) return unprocessable(`invalid child number format`);
    return m[2] ? n + HARDENED : n;
  });
}

/** One key tree's derived keys, by index and as a set; `key` names the tree (the key and chain code of the node they are children of). */
interface DerivedTree {
  key: string;
  at: string[];
  all: Set<string>;
}

/** Keys derived so far per key tree: a restore of a page derives two thousand. */
const derivedKeys = new Map<string, DerivedTree>();

/**
 * BIP32 CKDpub of `parent`'s non-hardened children at `indexes`, as hex of compressed keys: a
 * fresh seed's page is 1,100 keys, about 0.7 s of bcoin's JavaScript curve and a large part of
 * the Boltz tests' time; a batch of variable-time multiplications in affine coordinates
 * (batch-base-multiply.ts; the keys are public) takes a small part of that. The wallet's curve
 * is @noble/curves, which that batch's field arithmetic is too, so these keys only find swaps:
 * `confirm` derives each key an answer names with bcoin. The rare index BIP32 calls invalid
 * (IL at least the curve order, or the point at infinity) is bcoin's to answer.
 */
function childKeys(parent: HdPublic): (indexes: number[]) => string[] {
  const point = noble.Point.fromHex(parent.publicKey.toString('hex'));
  const order = noble.Point.CURVE().n;
  const tweak = (i: number) => {
    const data = Buffer.alloc(37);
    parent.publicKey.copy(data, 0);
    data.writeUInt32BE(i, 33);
    return BigInt(`0x${createHmac('sha512', parent.chainCode).update(data).digest().subarray(0, 32).toString('hex')}`);
  };
  const bcoinKey = (i: number) => Buffer.from(parent.derive(i).publicKey).toString('hex');
  return (indexes) => {
    const tweaks = indexes.map(tweak);
    const valid = tweaks.flatMap((il, j) => (il > 0n && il < order ? [j] : []));
    const sums = batchBaseMultiplyAdd(
      valid.map((j) => tweaks[j]!),
      point,
    );
    const keys: (string | null)[] = indexes.map(() => null);
    valid.forEach((j, n) => (keys[j] = sums[n]!));
    return keys.map((k, j) => k ?? bcoinKey(indexes[j]!));
  };
}

/** An xpub's keys at xpub/path/i; a hardened step fails as rust-bitcoin's derive_pub does. */
function xpubIterator(xpub: HdPublic, path: number[], gapLimit: number, pagination?: Pagination): KeyIterator {
  let account: HdPublic | null = null;
  const base = (): HdPublic => {
    if (account) return account;
    let node = xpub;
    for (const c of path) {
      if (c >= HARDENED) throw new HttpReply(500, { error: 'cannot derive hardened key from public key' });
      node = node.derive(c);
    }
    return (account = node);
  };
  // The tree is the node the path reaches, however the request names it (an xpub and a path, or that node's own xpub).
  let tree: DerivedTree | undefined;
  const ownTree = () => {
    if (tree) return tree;
    const node = base();
    const key = `${node.publicKey.toString('hex')}${node.chainCode.toString('hex')}`;
    if (!derivedKeys.has(key) && derivedKeys.size >= 100) derivedKeys.clear();
    tree = derivedKeys.get(key) ?? { key, at: [], all: new Set<string>() };
    derivedKeys.set(key, tree);
    return tree;
  };
  let children: ((indexes: number[]) => string[]) | null = null;
  /** Derives the keys start..end not derived yet, in one batch. */
  const fill = (start: number, end: number) => {
    const { at: derived, all } = ownTree();
    const missing: number[] = [];
    for (let i = start; i < Math.min(end, HARDENED); i++) if (derived[i] === undefined) missing.push(i);
    if (!missing.length) return;
    const keys = (children ??= childKeys(base()))(missing);
    missing.forEach((i, j) => {
      derived[i] = keys[j]!;
      all.add(keys[j]!);
    });
  };
  return {
    gapLimit,
    maxKeys: U32_MAX,
    ...(pagination ? { pagination } : {}),
    foreign: (key) => [...derivedKeys].some(([k, other]) => k !== ownTree().key && other.all.has(key)),
    confirm(key, index) {
      if (Buffer.from(base().derive(index).publicKey).toString('hex') !== key) throw new HttpReply(500, { error: `key derivation disagrees at index ${index}` });
      return index;
    },
    derive(keys, start, end) {
      const out: string[] = [];
      // buffered_end: one more window's worth, so the other key of a chain swap is found too.
      const buffered = Math.min(end + (end - start), U32_MAX);
      fill(start, buffered);
      const derived = ownTree().at;
      for (let i = start; i < buffered; i++) {
        if (i >= HARDENED) throw new HttpReply(500, { error: `invalid child number: ${i}` });
        const key = derived[i]!;
        keys.set(key, i);
        if (i < end) out.push(key);
      }
      return out;
    },
  };
}

function listIterator(list: string[]): KeyIterator {
  return {
    gapLimit: list.length,
    maxKeys: list.length,
    confirm: (_key, index) => index,
    foreign: () => false,
    derive(keys, start, end) {
      const out: string[] = [];
      const buffered = Math.min(end + (end - start), list.length);
      for (let i = start; i < buffered; i++) {
        keys.set(list[i]!, i);
        if (i < end) out.push(list[i]!);
      }
      return out;
    },
  };
}

/**
 * The key iterator of a restore request (RescueParams, tried in serde's order: xpub,
 * publicKey, publicKeys, address), or the 422 boltzr answers. The EVM-address variant
 * (a signed proof of an address) is not served by this stand-in.
 */
export function keyIterator(body: unknown): KeyIterator {
  const b = (body && typeof body === 'object' ? body : {}) as Record<string, unknown>;
  const xpub = parseXpub(b.xpub);
  const gapLimit = optionalU32(b.gapLimit);
  const p = b.pagination;
  const pagination =
    p === undefined || p === null ? undefined : typeof p === 'object' && isU32((p as Pagination).startIndex) && isU32((p as Pagination).limit) ? (p as Pagination) : false;
  const path = b.derivationPath === undefined || b.derivationPath === null ? DEFAULT_DERIVATION_PATH : typeof b.derivationPath === 'string' ? b.derivationPath : false;
  if (xpub && gapLimit !== false && pagination !== false && path !== false) {
    if (gapLimit === 0) return unprocessable('gapLimit must be at least 1');
    if (gapLimit !== undefined && gapLimit > MAX_GAP_LIMIT) return unprocessable(`gapLimit must not exceed ${MAX_GAP_LIMIT}`);
    if (pagination && pagination.limit === 0) return unprocessable('limit must be at least 1');
    if (pagination && pagination.limit > MAX_PAGINATION_LIMIT) return unprocessable(`limit must not exceed ${MAX_PAGINATION_LIMIT}`);
    return xpubIterator(xpub, parsePath(path), gapLimit ?? DEFAULT_GAP_LIMIT, pagination);
  }
  const single = parsePublicKey(b.publicKey);
  if (single) return listIterator([single]);
  if (Array.isArray(b.publicKeys)) {
    const keys = b.publicKeys.map(parsePublicKey);
    if (keys.every((k): k is string => k !== null)) return listIterator(keys);
  }
  if (typeof b.address === 'string' && isU32(b.timestamp) && typeof b.signature === 'string') return unprocessable('restore by EVM address is not served by this devnet');
  return unprocessable(NO_VARIANT);
}

/**
 * scan_swaps_paginated: windows of gapLimit keys from the start (or the page); without a
 * page the scan stops at the first window in which no swap has one of the keys.
 * `find` returns the swaps that have one of `keys`; `found` collects them by id.
 *
 * `settled` (optional) says no later window can change the answer: every swap that could be
 * found is, with all its keys indexed. The stand-in then stops deriving, which boltzr does
 * not: a fresh seed's page is 1,100 keys, most of the Boltz tests' restore time, for a book
 * whose few swaps sit at the first indexes (or that has none). It stops only after the first
 * window, whose keys mark the seed's early swaps as its own for later scans (findSwaps) and
 * whose derivation meets a bad path, and where boltzr's remaining windows could not reach a
 * hardened index, whose error it would answer instead.
 */
export function scanKeys<S extends { id: string }>(
  it: KeyIterator,
  find: (keys: Set<string>) => S[],
  settled?: (found: ReadonlyMap<string, S>, keys: ReadonlyMap<string, number>) => boolean,
): { found: Map<string, S>; keys: Map<string, number> } {
  const found = new Map<string, S>();
  const keys = new Map<string, number>();
  const gap = Math.min(it.gapLimit, it.maxKeys);
  if (gap === 0) return { found, keys };
  const page = it.pagination;
  const scanStart = page ? page.startIndex : 0;
  const scanEnd = page ? page.startIndex + page.limit : it.maxKeys;
  if (scanEnd > U32_MAX) throw new HttpReply(500, { error: 'pagination range overflow' });
  for (let from = scanStart; from < scanEnd; from += gap) {
    // The furthest index boltzr would still derive: the page's last buffer; without a page, the
    // window after the indexed keys (all already in `keys`, which reach from + gap) is empty and ends it.
    const furthest = page ? scanEnd + gap : from + 3 * gap;
    if (settled && from > scanStart && furthest <= HARDENED && settled(found, keys)) break;
    const to = Math.min(from + gap, scanEnd);
    const window = it.derive(keys, from, to);
    const swaps = find(new Set(window));
    if (!page && swaps.length === 0) break;
    for (const s of swaps) found.set(s.id, s);
    if (to >= it.maxKeys) break;
  }
  return { found, keys };
}

/**
 * scanKeys over a book: the swaps with one of their client keys (`keysOf`) in a window,
 * stopping once no later window can change that. A swap whose keys another seed's scan
 * derived (the earlier tests' profiles, in a file's one stand-in) is never this seed's.
 */
export function findSwaps<S extends { id: string }>(it: KeyIterator, swaps: readonly S[], keysOf: (s: S) => string[]): { found: Map<string, S>; keys: Map<string, number> } {
  const findable = swaps.filter((s) => keysOf(s).some((k) => !it.foreign(k)));
  return scanKeys(
    it,
    (window) => findable.filter((s) => keysOf(s).some((k) => window.has(k))),
    (found, keys) => findable.every((s) => found.has(s.id) && keysOf(s).every((k) => keys.has(k))),
  );
}
