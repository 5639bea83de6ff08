/**
 * The Boltz stand-in's restore stops deriving once no later window can change its answer
 * (tests/devnet/boltz/restore.ts, findSwaps). boltzr scans on; the answer must be the same:
 * the same swaps found, each of their keys at the same index, and the same errors.
 */
import { randomBytes } from 'node:crypto';
import { HDKey } from '@scure/bip32';
import bcoin from 'bcoin';
import { describe, expect, it } from 'vitest';
import { findSwaps, keyIterator, scanKeys, type KeyIterator } from '../../../devnet/boltz/restore';

interface Swap {
  id: string;
  keys: string[];
}

/** The iterator with a count of the keys it was asked to derive. */
function counted(it: KeyIterator): { it: KeyIterator; derived: () => number } {
  let n = 0;
  return {
    it: { ...it, derive: (keys, start, end) => ((n += 2 * (end - start)), it.derive(keys, start, end)) },
    derived: () => n,
  };
}

/** What a restore answers from a scan: each found swap's keys by index. */
const answer = (r: { found: Map<string, Swap>; keys: Map<string, number> }) =>
  [...r.found.values()].map((s) => ({ id: s.id, at: s.keys.map((k) => r.keys.get(k)) }));

const reply = (f: () => unknown) => {
  try {
    f();
    return null;
  } catch (err) {
    return { status: (err as { status: number }).status, body: (err as { body: unknown }).body };
  }
};

describe("the stand-in's restore scan stops early with boltzr's answer", () => {
  const xpub = HDKey.fromMasterSeed(randomBytes(32)).publicExtendedKey;
  const stranger = HDKey.fromMasterSeed(randomBytes(32)).publicExtendedKey;
  const ours = keyIterator({ xpub }).derive(new Map(), 0, 1200);
  // Another seed's keys the stand-in derived in a scan, and one it never derived.
  const theirs = keyIterator({ xpub: stranger }).derive(new Map(), 0, 5);
  const unscanned = Buffer.from(HDKey.fromMasterSeed(randomBytes(32)).derive('m/44/0/0/0/1').publicKey!).toString('hex');
  const keysOf = (s: Swap) => s.keys;
  const bodies = [
    { xpub, gapLimit: 150, pagination: { startIndex: 0, limit: 1000 } },
    { xpub, pagination: { startIndex: 100, limit: 300 } },
    { xpub, gapLimit: 150 },
    { xpub },
  ];
  const books: Record<string, Swap[]> = {
    empty: [],
    'low indexes': [
      { id: 'a', keys: [ours[0]!] },
      { id: 'b', keys: [ours[3]!] },
    ],
    // A chain swap's second key in the buffer past a window, and past the page's end.
    'keys across windows': [
      { id: 'c', keys: [ours[149]!, ours[150]!] },
      { id: 'd', keys: [ours[999]!, ours[1000]!] },
    ],
    "a chain swap's keys windows apart": [{ id: 'e', keys: [ours[0]!, ours[400]!] }],
    'a swap of another seed': [
      { id: 'a', keys: [ours[2]!] },
      { id: 'x', keys: [theirs[1]!] },
    ],
    'a swap of a seed never scanned': [
      { id: 'a', keys: [ours[2]!] },
      { id: 'u', keys: [unscanned] },
    ],
    'a swap with no client key': [
      { id: 'a', keys: [ours[1]!] },
      { id: 'n', keys: [] },
    ],
  };

  for (const [name, book] of Object.entries(books)) {
    it(`${name}: the same swaps at the same indexes, whatever the page`, () => {
      for (const body of bodies) {
        const full = counted(keyIterator(body));
        const early = counted(keyIterator(body));
        const all = scanKeys(full.it, (w) => book.filter((s) => s.keys.some((k) => w.has(k))));
        expect(answer(findSwaps(early.it, book, keysOf))).toEqual(answer(all));
        expect(early.derived()).toBeLessThanOrEqual(full.derived());
      }
    });
  }

  it("derives one window of a page for swaps at its first indexes or another scanned seed's, the first window for an empty book (its keys mark the seed's early swaps for later scans), the whole page for an unscanned seed's", () => {
    const page = { xpub, gapLimit: 150, pagination: { startIndex: 0, limit: 1000 } };
    const derivedFor = (book: Swap[]) => {
      const c = counted(keyIterator(page));
      findSwaps(c.it, book, keysOf);
      return c.derived();
    };
    expect(derivedFor(books['low indexes']!)).toBe(300);
    expect(derivedFor([])).toBe(300);
    expect(derivedFor(books['a swap of another seed']!)).toBe(300);
    expect(derivedFor(books['a swap of a seed never scanned']!)).toBe(2000);
  });

  it('finds the same key tree named by its testnet prefix (tpub): its keys are not another seed\'s', () => {
    const book = [{ id: 'a', keys: [ours[500]!] }];
    const tpub = bcoin.hd.PublicKey.fromBase58(xpub, 'main').toBase58('testnet');
    expect(tpub.startsWith('tpub')).toBe(true);
    const all = scanKeys(keyIterator({ xpub: tpub, pagination: { startIndex: 0, limit: 1000 } }), (w) => book.filter((s) => s.keys.some((k) => w.has(k))));
    expect(answer(all)).toEqual([{ id: 'a', at: [500] }]);
    expect(answer(findSwaps(keyIterator({ xpub: tpub, pagination: { startIndex: 0, limit: 1000 } }), book, keysOf))).toEqual(answer(all));
  });

  it('finds a tree named by its own xpub with an empty path, or by its parent with the last step, after a scan named it from the master', () => {
    const book = [{ id: 'a', keys: [ours[3]!] }];
    // The master's scan derives ours[3] (its first window), under the tree m/44/0/0/0 reaches.
    findSwaps(keyIterator({ xpub, pagination: { startIndex: 0, limit: 1000 } }), book, keysOf);
    const node = HDKey.fromExtendedKey(xpub);
    for (const body of [
      { xpub: node.derive('m/44/0/0/0').publicExtendedKey, derivationPath: 'm', pagination: { startIndex: 0, limit: 1000 } },
      { xpub: node.derive('m/44/0/0').publicExtendedKey, derivationPath: 'm/0', pagination: { startIndex: 0, limit: 1000 } },
    ]) {
      const all = scanKeys(keyIterator(body), (w) => book.filter((s) => s.keys.some((k) => w.has(k))));
      expect(answer(all)).toEqual([{ id: 'a', at: [3] }]);
      expect(answer(findSwaps(keyIterator(body), book, keysOf))).toEqual(answer(all));
    }
  });

  it("answers a hardened path's error and a page past the hardened indexes as boltzr does, even with nothing to find", () => {
    expect(reply(() => findSwaps(keyIterator({ xpub, derivationPath: "m/44'/0" }), [], keysOf))).toEqual({
      status: 500,
      body: { error: 'cannot derive hardened key from public key' },
    });
    const high = { xpub, pagination: { startIndex: 0x8000_0000 - 500, limit: 1000 } };
    expect(reply(() => findSwaps(keyIterator(high), [], keysOf))).toEqual(reply(() => scanKeys(keyIterator(high), () => [])));
    expect(reply(() => findSwaps(keyIterator(high), [], keysOf))).toMatchObject({ status: 500 });
  });
});
