/**
 * The keys Boltz's restore finds for the wallet. boltzr derives
 * `<xpub it receives>/44/0/0/0/i` (boltz-backend boltzr/src/service/pubkey_iterator.rs,
 * default path m/44/0/0/0) and Boltz's web app sends the master xpub of its rescue
 * mnemonic (boltz-web-app src/utils/rescueFile.ts). The stand-in derives with bcoin's
 * HD code, checked here against boltzr's own test vector; the wallet's swap keys must
 * be the keys it finds from what the wallet sends.
 */
import { HDKey } from '@scure/bip32';
import { mnemonicToSeedSync } from '../../../helpers/bip39-seed';
import { bytesToHex } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { BoltzApi } from '../../../../src/hops/boltz/api';
import { HopKeys } from '../../../../src/hops/keys';
import { HttpClient } from '../../../../src/shared/http';
import { keyIterator, scanKeys } from '../../../devnet/boltz/restore';

const MNEMONIC = 'abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about';

/** The first `n` keys boltzr's XpubIterator yields for a restore request body. */
function boltzrKeys(body: unknown, n: number): string[] {
  return keyIterator(body).derive(new Map(), 0, n);
}

describe("the stand-in's restore keys are boltzr's", () => {
  it("derives boltzr's test vector: xpub/44/0/0/0/i by default (pubkey_iterator.rs test_derive_keys_basic)", () => {
    const xpub = 'xpub6AHA9hZDN11k2ijHMeS5QqHx2KP9aMBRhTDqANMnwVtdyw2TDYRmF8PjpvwUFcL1Et8Hj59S3gTSMcUQ5gAqTz3Wd8EsMTmF3DChhqPQBnU';
    expect(boltzrKeys({ xpub }, 3)).toEqual([
      '02384749e3d149578a07e7e3516c44467d78974cbfbb31e7fb025705d668a9447d',
      '030c29fed50206574604cb409c0d5ece551a09234714b4584f1e5af86ae2464b82',
      '0249e3eeb7881636a1447dc926ef8edd006d3e2966434ed738cae58ee4123aeda3',
    ]);
  });

  it('refuses what boltzr refuses, with its statuses', () => {
    const xpub = 'xpub661MyMwAqRbcGXPykvqCkK3sspTv2iwWTYpY9gBewku5Noj96ov1EqnKMDzGN9yPsncpRoUymJ7zpJ7HQiEtEC9Af2n3DmVu36TSV4oaiym';
    const reply = (body: unknown) => {
      try {
        keyIterator(body);
        return null;
      } catch (err) {
        return { status: (err as { status: number }).status, body: (err as { body: unknown }).body };
      }
    };
    expect(reply({ xpub: 'invalid' })).toEqual({ status: 422, body: { error: expect.stringMatching(/did not match any variant of untagged enum RescueParams/) } });
    expect(reply({ xpub, gapLimit: 0 })).toEqual({ status: 422, body: { error: 'gapLimit must be at least 1' } });
    expect(reply({ xpub, gapLimit: 151 })).toEqual({ status: 422, body: { error: 'gapLimit must not exceed 150' } });
    expect(reply({ xpub, pagination: { startIndex: 0, limit: 1001 } })).toEqual({ status: 422, body: { error: 'limit must not exceed 1000' } });
    expect(reply({ xpub, gapLimit: 150, pagination: { startIndex: 0, limit: 1000 } })).toBeNull();
  });

  it('scans in windows of the gap limit and stops at the first window without a swap, unless a page is asked for', () => {
    const xpub = 'xpub661MyMwAqRbcGXPykvqCkK3sspTv2iwWTYpY9gBewku5Noj96ov1EqnKMDzGN9yPsncpRoUymJ7zpJ7HQiEtEC9Af2n3DmVu36TSV4oaiym';
    const all = keyIterator({ xpub }).derive(new Map(), 0, 200);
    // Swaps at indexes 3, 60 (next window) and 160 (after an empty window 100..149).
    const swaps = [3, 60, 160].map((i) => ({ id: `s${i}`, key: all[i]! }));
    const find = (keys: Set<string>) => swaps.filter((s) => keys.has(s.key));
    expect([...scanKeys(keyIterator({ xpub }), find).found.keys()]).toEqual(['s3', 's60']);
    expect([...scanKeys(keyIterator({ xpub, gapLimit: 150 }), find).found.keys()]).toEqual(['s3', 's60', 's160']);
    expect([...scanKeys(keyIterator({ xpub, pagination: { startIndex: 0, limit: 1000 } }), find).found.keys()]).toEqual(['s3', 's60', 's160']);
  });
});

describe('what the wallet sends to /v2/swap/restore', () => {
  it('finds the hop keys: the keys boltzr derives from it are HopKeys.at(i)', async () => {
    const keys = new HopKeys(HDKey.fromMasterSeed(mnemonicToSeedSync(MNEMONIC)));
    // Vectors from a separate textbook BIP32/BIP85/BIP39 implementation (not this repository's libraries):
    // the BIP85 rescue mnemonic, its master xpub, and the keys at m/44/0/0/0/0..2 derived from that xpub.
    expect(keys.rescueMnemonic).toBe('citizen govern assault judge agent surround exact profit earn edit wool eager');
    const vectors = [
      '02483fde366f2f7d63b380de7e18e550a53c01c88edb220f8df7c780c418561c16',
      '0311dd03e7fb7d1ae465682a5612987da10731ab852780f4869ebb71bd47dfe2a5',
      '027eb65627db688453f8836408b8e70ffe175b49c060486d61bbb5a0f66019d03f',
    ];
    expect([0, 1, 2].map((i) => bytesToHex(keys.at(i).publicKey))).toEqual(vectors);
    let sent: unknown;
    const http = new HttpClient('http://127.0.0.1:1/v2', {
      retries: 0,
      fetchImpl: (async (_url: string, init?: { body?: string }) => {
        sent = JSON.parse(String(init?.body));
        return new Response('[]', { status: 200, headers: { 'content-type': 'application/json' } });
      }) as typeof fetch,
    });
    await new BoltzApi(http).restore(keys.xpub);
    expect(sent).toMatchObject({ xpub: 'xpub661MyMwAqRbcFtL9h2LiZn6Q12zb2Sfp2qzVCAbdgzRkNyN1R7c1QxZpfQFx4XWNkqP5q1HmwR9JD2rAfxStWfb7EBNGqyHbGqEYjWHYmA6' });
    const found = boltzrKeys(sent, 5);
    expect(found.slice(0, 3)).toEqual(vectors);
    expect(found).toEqual([0, 1, 2, 3, 4].map((i) => bytesToHex(keys.at(i).publicKey)));
    // And the scan covers the indexes the wallet's own look-up does, whatever gaps other hops left.
    const far = bytesToHex(keys.at(700).publicKey);
    expect([...scanKeys(keyIterator(sent), (w) => (w.has(far) ? [{ id: 'far' }] : [])).found.keys()]).toEqual(['far']);
  });
});
