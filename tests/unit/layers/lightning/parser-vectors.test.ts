/**
 * Lightning parsers at their edges, from the public specs:
 * - LUD-16 (lnurl/luds 16.md): `<username>` is limited to a-z0-9-_. and maps to
 *   https://<domain>/.well-known/lnurlp/<username> (example satoshi@bitcoin.org);
 * - BOLT-11 (lightning/bolts 11-payment-encoding.md): the reader requirements on `n`
 *   and low-S, and the "Non canonical signature (high-S) with 'n' field defined"
 *   invalid example; the `x` and `c` fields are variable-length big-endian integers,
 *   so an invoice may carry one far beyond any date or block height (such invoices
 *   are built here, signed with the spec examples' private key e126f68f…b734);
 * - BIP-321 (bitcoin/bips bip-0321.mediawiki): a `bitcoin:` URI's payment
 *   instruction (`lightning=`) read once.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { bech32 } from '@scure/base';
import { describe, expect, it } from 'vitest';
import { assertNotExpired, decodeBolt11 } from '../../../../src/layers/lightning/bolt11';
import { parseLightningInput } from '../../../../src/layers/lightning/parse';

const SPEC_KEY = hexToBytes('e126f68f7eafcc8b74f54d269fe206be715000f94dac067d1c04a8ca3b2db734');
const PAYEE = '03e7156ae33b0a208d0744199163177e909e80176e55d97a2f221ede0f934dd9ad';
// BOLT-11 "Public-key recovery with high-S signature" and "Non canonical signature (high-S) with 'n' field defined".
const HIGH_S_RECOVERED =
  'lnbc1pvjluezsp5zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zygspp5qqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqypqdpl2pkx2ctnv5sxxmmwwd5kgetjypeh2ursdae8g6twvus8g6rfwvs8qun0dfjkxaq9qrsgq357wnc5r2ueh7ck6q93dj32dlqnls087fxdwk8qakdyafkq3yap2r09nt4ndd0unm3z9u5t48y6ucv4r5sg7lk98c77ctvjczkspk5qprc90gx';
const HIGH_S_WITH_N =
  'lnbc25m1p70xwfzpp5qqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqypqdpl2pkx2ctnv5sxxmmwwd5kgetjypeh2ursdae8g6twvus8g6rfwvs8qun0dfjkxaqnp4q0n326hr8v9zprg8gsvezcch06gfaqqhde2aj730yg0durunfhv66sp5zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zygs9qrsgqsp5zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zygsp5cfzp9ugllvk03rltd6hvndxj26ux6gcxc5azyxk060rj9tzghct5zvjlps76gx8wpq5yuu79688k8gnm2c0al6v608s96l0xzrrlqqwnzxmu';
// BOLT-11 "Please send $3 for a cup of coffee to the same peer, within one minute".
const LNBC_COFFEE =
  'lnbc2500u1pvjluezsp5zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zygspp5qqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqypqdq5xysxxatsyp3k7enxv4jsxqzpu9qrsgquk0rl77nj30yxdy8j9vdx85fkpmdla2087ne0xh8nhedh8w27kyke0lp53ut353s06fv3qfegext0eh0ymjpf39tuven09sam30g4vgpfna3rh';

/** 5-bit words to bytes, zero-padding the last byte (what BOLT-11 signs). */
function paddedBytes(words: number[]): Uint8Array {
  const out: number[] = [];
  let acc = 0;
  let bits = 0;
  for (const w of words) {
    acc = (acc << 5) | w;
    bits += 5;
    while (bits >= 8) {
      bits -= 8;
      out.push((acc >> bits) & 0xff);
      acc &= (1 << bits) - 1;
    }
  }
  if (bits > 0) out.push((acc << (8 - bits)) & 0xff);
  return Uint8Array.from(out);
}

const field = (tag: number, data: number[]) => [tag, data.length >> 5, data.length & 31, ...data];
const bytesField = (tag: number, hex: string) => field(tag, bech32.toWords(hexToBytes(hex)));

/** A regtest invoice like the spec's, with extra raw fields, signed with the spec key. */
function signedInvoice(extra: number[]): string {
  const timestamp = [1, 12, 18, 31, 28, 25, 2]; // 'pvjluez', the spec examples' timestamp 1496314658
  const words = [
    ...timestamp,
    ...bytesField(1, '0001020304050607080900010203040506070809000102030405060708090102'), // p
    ...bytesField(16, '11'.repeat(32)), // s
    ...field(13, bech32.toWords(utf8ToBytes('coffee'))), // d
    ...extra,
  ];
  const prefix = 'lnbcrt1m';
  const digest = sha256(new Uint8Array([...utf8ToBytes(prefix), ...paddedBytes(words)]));
  const sig = secp256k1.Signature.fromBytes(secp256k1.sign(digest, SPEC_KEY, { prehash: false, format: 'recovered' }), 'recovered');
  const sigWords = bech32.toWords(new Uint8Array([...sig.toBytes('compact'), sig.recovery!]));
  return bech32.encode(prefix, [...words, ...sigWords], false);
}

describe('BOLT-11 signatures in high-S form', () => {
  it('recovers the payee from a high-S signature without n (the reader MUST accept both forms)', () => {
    expect(decodeBolt11(HIGH_S_RECOVERED).payee).toBe(PAYEE);
  });

  it("refuses the spec's high-S signature with an n field, saying so", () => {
    expect(() => decodeBolt11(HIGH_S_WITH_N)).toThrowError(expect.objectContaining({ code: 'bad_invoice', message: expect.stringMatching(/high-S/) }));
  });
});

describe('BOLT-11 integer fields beyond any real value', () => {
  it('builds invoices the decoder accepts (the spec key signs them)', () => {
    const inv = decodeBolt11(signedInvoice(field(6, [1, 0]))); // x = 32 s
    expect(inv).toMatchObject({ payee: PAYEE, expirySeconds: 32, expiresAt: 1496314658 + 32, amountMsat: 100_000_000n });
  });

  it('reads an expiry past the last representable date as that date, never as nonsense', () => {
    for (const x of [[1, ...Array(9).fill(0)], Array(20).fill(31), Array(200).fill(31)]) {
      const inv = decodeBolt11(signedInvoice(field(6, x)));
      expect(Number.isSafeInteger(inv.expiresAt)).toBe(true);
      expect(new Date(inv.expiresAt * 1000).toISOString()).toBe('+275760-09-13T00:00:00.000Z');
      expect(inv.expirySeconds).toBe(inv.expiresAt - inv.timestamp);
      expect(() => assertNotExpired(inv, Date.now())).not.toThrow();
    }
  });

  it('refuses a final CLTV delta beyond any block height with a typed error', () => {
    expect(() => decodeBolt11(signedInvoice(field(24, Array(20).fill(31))))).toThrowError(
      expect.objectContaining({ code: 'bad_invoice', message: expect.stringMatching(/final CLTV/) }),
    );
  });
});

describe('LUD-16 Lightning Addresses', () => {
  const mainnet = { bolt11: 'bc' } as unknown as { bolt11: 'tb' };

  it("maps the spec's example to its well-known URL", () => {
    expect(parseLightningInput('satoshi@bitcoin.org', mainnet)).toMatchObject({ url: 'https://bitcoin.org/.well-known/lnurlp/satoshi', lightningAddress: 'satoshi@bitcoin.org' });
    expect(parseLightningInput('a.b-c_d9@bank.com', mainnet)).toMatchObject({ url: 'https://bank.com/.well-known/lnurlp/a.b-c_d9' });
    expect(parseLightningInput('a..b@bank.com', mainnet)).toMatchObject({ url: 'https://bank.com/.well-known/lnurlp/a..b' });
  });

  it.each(['..@bank.com', '.@bank.com', '...@bank.com'])('refuses %s: a name of dots would change the URL path', (text) => {
    expect(() => parseLightningInput(text, mainnet)).toThrowError(expect.objectContaining({ code: 'bad_address', message: expect.stringMatching(/only dots/) }));
  });

  it.each(['a/b@bank.com', 'a%2e@bank.com', 'a?b@bank.com', 'a#b@bank.com', 'a b@bank.com', 'ü@bank.com'])('refuses %s: outside a-z0-9-_.', (text) => {
    expect(() => parseLightningInput(text, mainnet)).toThrowError(expect.objectContaining({ code: 'bad_address' }));
  });
});

describe('BIP-321 lightning= read once', () => {
  it('refuses a bitcoin: URI that carries two Lightning invoices', () => {
    const twice = `bitcoin:?lightning=${LNBC_COFFEE}&lightning=${HIGH_S_RECOVERED}`;
    expect(() => parseLightningInput(twice, { bolt11: 'bc' } as unknown as { bolt11: 'tb' })).toThrowError(
      expect.objectContaining({ code: 'bad_address', message: expect.stringMatching(/more than once/) }),
    );
  });
});
