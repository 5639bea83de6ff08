/**
 * The Boltz stand-in's restore finds keys with @noble/curves (tests/devnet/boltz/restore.ts,
 * childKeys) where it derived every one with bcoin's HD code: the keys of a whole page must be
 * bcoin's, one by one, and a key bcoin does not derive at an index is never answered with it.
 */
import { randomBytes } from 'node:crypto';
import bcoin from 'bcoin';
import { HDKey } from '@scure/bip32';
import { describe, expect, it } from 'vitest';
import { keyIterator } from '../../devnet/boltz/restore';

/** bcoin's keys at xpub/path/i, each derived from the xpub afresh. */
function bcoinKeys(xpub: string, path: number[], indexes: number[]): string[] {
  let account = bcoin.hd.PublicKey.fromBase58(xpub, 'main');
  for (const c of path) account = account.derive(c);
  return indexes.map((i) => Buffer.from(account.derive(i).publicKey).toString('hex'));
}

const range = (start: number, end: number) => Array.from({ length: end - start }, (_, i) => start + i);

describe("the stand-in's restore keys", () => {
  it("are bcoin's for a whole page the wallet asks for (0..999 and boltzr's buffer past it), default path", () => {
    const xpub = HDKey.fromMasterSeed(randomBytes(32)).publicExtendedKey;
    const keys = new Map<string, number>();
    const page = keyIterator({ xpub, gapLimit: 150, pagination: { startIndex: 0, limit: 1000 } }).derive(keys, 0, 1000);
    expect(page).toEqual(bcoinKeys(xpub, [44, 0, 0, 0], range(0, 1000)));
    // The buffer (1000..1999) went into `keys` by index too.
    const buffered = [...keys].filter(([, i]) => i >= 1000).sort((a, b) => a[1] - b[1]);
    expect(buffered.map(([, i]) => i)).toEqual(range(1000, 2000));
    expect(buffered.slice(0, 50).map(([k]) => k)).toEqual(bcoinKeys(xpub, [44, 0, 0, 0], range(1000, 1050)));
  });

  it("are bcoin's on another derivation path and a page that starts late", () => {
    const xpub = HDKey.fromMasterSeed(randomBytes(32)).publicExtendedKey;
    const keys = keyIterator({ xpub, derivationPath: 'm/7/3', pagination: { startIndex: 2_000_000, limit: 10 } }).derive(new Map(), 2_000_000, 2_000_010);
    expect(keys).toEqual(bcoinKeys(xpub, [7, 3], range(2_000_000, 2_000_010)));
  });

  it('confirms a key only at the index bcoin derives it at: anything else is a 500, never an answer', () => {
    const xpub = HDKey.fromMasterSeed(randomBytes(32)).publicExtendedKey;
    const it5 = keyIterator({ xpub });
    const [k5, k6] = it5.derive(new Map(), 5, 7);
    expect(it5.confirm(k5!, 5)).toBe(5);
    expect(it5.confirm(k6!, 6)).toBe(6);
    const refused = (() => {
      try {
        it5.confirm(k5!, 6);
        return null;
      } catch (err) {
        return (err as { status?: number }).status;
      }
    })();
    expect(refused).toBe(500);
  });
});
