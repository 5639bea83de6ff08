/**
 * LNURL checks without a server: pay request validation (LUD-06/12/16/18), the
 * invoice checks before paying (amount, description hash, network, expiry),
 * success actions (LUD-09/10) and LNURL-auth signatures (LUD-04/05). Invoices are
 * made with the independent `bolt11` package.
 */
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { HDKey } from '@scure/bip32';
import { mnemonicToSeedSync } from '../../../helpers/bip39-seed';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import * as bolt11 from 'bolt11';
import { describe, expect, it } from 'vitest';
import { linkingKey, linkingPathSuffix } from '../../../../src/layers/lightning/lnurl-auth-keys';
import { linkingPublicKey, signAuthChallenge } from '../../../../src/layers/lightning/lnurl-auth';
import { buildPayerData, checkPayInvoice, expectedDescriptionHash, parsePayRequest, type PayRequest } from '../../../../src/layers/lightning/lnurl-pay';
import { decryptAesAction, parseSuccessAction, successActionView } from '../../../../src/layers/lightning/success-action';
import { WalletError } from '../../../../src/shared/errors';
import { englishOf } from '../../../helpers/english-of';

const root = HDKey.fromMasterSeed(mnemonicToSeedSync('abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon abandon about'));
const SOURCE = new URL('https://pay.example.com/lnurlp/alice');
const METADATA = '[["text/plain","lorem ipsum"],["text/identifier","alice@pay.example.com"]]';
const NODE_KEY = 'e126f68f7eafcc8b74f54d269fe206be715000f94dac067d1c04a8ca3b2db734';
const REGTEST = { bech32: 'bcrt', pubKeyHash: 0x6f, scriptHash: 0xc4, validWitnessVersions: [0, 1] };

function payRequest(overrides: Record<string, unknown> = {}): PayRequest {
  return parsePayRequest(
    { tag: 'payRequest', callback: 'https://pay.example.com/cb', minSendable: 1000, maxSendable: 50_000, metadata: METADATA, commentAllowed: 10, ...overrides },
    SOURCE,
    'alice@pay.example.com',
  );
}

function invoice(amountMsat: bigint, descriptionHash: string, opts: { network?: typeof REGTEST; timestamp?: number } = {}): string {
  const unsigned = bolt11.encode({
    network: opts.network ?? REGTEST,
    millisatoshis: amountMsat.toString(),
    timestamp: opts.timestamp ?? Math.floor(Date.now() / 1000),
    tags: [
      { tagName: 'payment_hash', data: randomBytes(32).toString('hex') },
      { tagName: 'payment_secret', data: randomBytes(32).toString('hex') },
      { tagName: 'purpose_commit_hash', data: descriptionHash },
    ] as never,
  });
  return bolt11.sign(unsigned, NODE_KEY).paymentRequest!;
}

function refusal(fn: () => unknown): WalletError {
  try {
    fn();
  } catch (err) {
    expect(err).toBeInstanceOf(WalletError);
    return err as WalletError;
  }
  throw new Error('expected a refusal');
}

const regtest = { bolt11: 'bcrt' } as const;
const sha = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex');

describe('pay request validation', () => {
  it('reads description, identifier and limits', () => {
    expect(payRequest()).toMatchObject({ domain: 'pay.example.com', minSendableMsat: 1000n, maxSendableMsat: 50_000n, description: 'lorem ipsum', identifier: 'alice@pay.example.com', commentAllowed: 10, warnings: [] });
  });

  it('refuses broken pay requests', () => {
    expect(refusal(() => payRequest({ metadata: '[["text/long-desc","x"]]' })).message).toMatch(/exactly one text\/plain/);
    expect(refusal(() => payRequest({ maxSendable: 10 })).message).toMatch(/maximum amount below its minimum/);
    expect(refusal(() => payRequest({ minSendable: 0 })).message).toMatch(/below 1 millisatoshi/);
    expect(refusal(() => payRequest({ callback: 'http://pay.example.com/cb' })).message).toMatch(/unencrypted HTTP/);
    expect(refusal(() => payRequest({ tag: 'withdrawRequest' })).code).toBe('lnurl_error');
  });

  it('refuses a service that answers for another Lightning Address (LUD-16) and warns when it does not say', () => {
    expect(refusal(() => payRequest({ metadata: '[["text/plain","x"],["text/identifier","mallory@pay.example.com"]]' })).message).toMatch(/answered for mallory/);
    expect(englishOf(payRequest({ metadata: '[["text/plain","x"]]' }).warnings[0])).toMatch(/did not confirm the Lightning Address/);
  });
});

describe('checks on the invoice before paying', () => {
  const pr = payRequest();

  it('accepts an invoice for the chosen amount committing to sha256(metadata)', () => {
    const inv = checkPayInvoice(invoice(21_000n, sha(METADATA)), pr, { amountMsat: 21_000n }, regtest, Date.now(), 'pay.example.com');
    expect(inv.descriptionHash).toBe(sha(METADATA));
  });

  it('refuses a different amount, a different description hash, another network, an expired invoice', () => {
    const now = Date.now();
    expect(refusal(() => checkPayInvoice(invoice(21_001n, sha(METADATA)), pr, { amountMsat: 21_000n }, regtest, now, 'h')).code).toBe('invoice_mismatch');
    expect(refusal(() => checkPayInvoice(invoice(21_000n, sha(`${METADATA} `)), pr, { amountMsat: 21_000n }, regtest, now, 'h')).message).toMatch(/does not match the payment description/);
    const testnetInvoice = invoice(21_000n, sha(METADATA), { network: { ...REGTEST, bech32: 'tb' } });
    expect(refusal(() => checkPayInvoice(testnetInvoice, pr, { amountMsat: 21_000n }, regtest, now, 'h')).code).toBe('wrong_network');
    const old = invoice(21_000n, sha(METADATA), { timestamp: Math.floor(now / 1000) - 3601 });
    expect(refusal(() => checkPayInvoice(old, pr, { amountMsat: 21_000n }, regtest, now, 'h')).code).toBe('invoice_expired');
  });

  it('LUD-18: the hash covers metadata followed by the payer data JSON exactly as sent', () => {
    // LUD-18's own pseudocode example.
    const metadata = '[["text/plain", "description"], ["image/png;base64", "AAA=="]]';
    const payerData = decodeURIComponent(
      '%7B%22name%22%3A%22bob%22%2C%22auth%22%3A%7B%22key%22%3A%2202c9323d02fc164f89c8f688dbfba8aad69a96fa8f6253ba8cce2c6f1546073fa3%22%2C%22sig%22%3A%222afd21794e2a801d0d516584ceebe1a24ed8991dd5ec708259aeaee5c0d2d1437542b689ee5d39e619a01a257142d49c18a4af3088c46ce87e2d941a1bcc7210%22%7D%2C%22identifier%22%3A%22bob%40bob.com%22%2C%22pubkey%22%3A%2203ee58475055820fbfa52e356a8920f62f8316129c39369dbdde3e5d0198a9e315%22%7D',
    );
    expect(payerData.startsWith('{"name":"bob","auth":{"key":"02c9323d')).toBe(true);
    expect(expectedDescriptionHash(metadata, payerData)).toBe(sha(metadata + payerData));
    expect(expectedDescriptionHash(metadata)).toBe(sha(metadata));

    const lud18 = payRequest({ payerData: { name: { mandatory: false }, auth: { mandatory: true, k1: 'ab'.repeat(32) } } });
    const sent = buildPayerData(lud18, { name: 'bob', email: 'not asked' }, (domain, k1) => signAuthChallenge(root, domain, k1))!;
    const parsed = JSON.parse(sent) as { name: string; auth: { key: string; k1: string; sig: string }; email?: string };
    expect(parsed.name).toBe('bob');
    expect(parsed.email).toBeUndefined();
    expect(parsed.auth.key).toBe(linkingPublicKey(root, 'pay.example.com'));
    expect(secp256k1.verify(hexToBytes(parsed.auth.sig), hexToBytes(parsed.auth.k1), hexToBytes(parsed.auth.key), { prehash: false, format: 'der' })).toBe(true);
    const inv = invoice(5000n, sha(METADATA + sent));
    expect(() => checkPayInvoice(inv, lud18, { amountMsat: 5000n, payerData: sent }, regtest, Date.now(), 'h')).not.toThrow();
    expect(refusal(() => checkPayInvoice(inv, lud18, { amountMsat: 5000n }, regtest, Date.now(), 'h')).code).toBe('invoice_mismatch');
  });
});

describe('success actions', () => {
  const cb = new URL('https://shop.example.com/cb');

  it('accepts message and same-domain url actions, refuses others before paying', () => {
    expect(parseSuccessAction({ tag: 'message', message: 'thanks' }, cb)).toEqual({ tag: 'message', message: 'thanks' });
    expect(parseSuccessAction({ tag: 'url', description: 'order', url: 'https://shop.example.com/o/1' }, cb)).toMatchObject({ tag: 'url' });
    expect(refusal(() => parseSuccessAction({ tag: 'url', description: 'order', url: 'https://evil.example.net/o/1' }, cb)).message).toMatch(/another domain/);
    expect(refusal(() => parseSuccessAction({ tag: 'message', message: 'x'.repeat(145) }, cb)).message).toMatch(/longer than 144/);
    expect(refusal(() => parseSuccessAction({ tag: 'confetti' }, cb)).message).toMatch(/unknown kind/);
    expect(parseSuccessAction(null, cb)).toBeUndefined();
  });

  it('shows a url action as a link only over https (or http on loopback, the devnet); a downgraded one is plain text', async () => {
    const preimage = randomBytes(32).toString('hex');
    const view = async (url: string, callback: URL) => successActionView(parseSuccessAction({ tag: 'url', description: 'Your order', url }, callback), preimage);
    expect(await view('https://shop.example.com/o/1', cb)).toEqual({ tag: 'url', description: 'Your order', url: 'https://shop.example.com/o/1' });
    expect(await view('http://shop.example.com/o/1', cb)).toEqual({ tag: 'message', message: 'Your order http://shop.example.com/o/1' });
    expect(await view('http://abc.onion/o/1', new URL('http://abc.onion/cb'))).toMatchObject({ tag: 'message' });
    expect(await view('http://127.0.0.1:3100/o/1', new URL('http://127.0.0.1:3100/cb'))).toMatchObject({ tag: 'url', url: 'http://127.0.0.1:3100/o/1' });
  });

  it('opens an aes action (AES-256-CBC, PKCS#7) with the preimage and fails with the wrong one', async () => {
    const preimage = randomBytes(32);
    const iv = randomBytes(16);
    const c = createCipheriv('aes-256-cbc', preimage, iv);
    const ciphertext = Buffer.concat([c.update('PIN 4242', 'utf8'), c.final()]).toString('base64');
    const action = parseSuccessAction({ tag: 'aes', description: 'your pin', ciphertext, iv: iv.toString('base64') }, cb);
    if (action?.tag !== 'aes') throw new Error('expected aes');
    expect(await decryptAesAction(action, preimage.toString('hex'))).toBe('PIN 4242');
    await expect(decryptAesAction(action, randomBytes(32).toString('hex'))).rejects.toThrow(WalletError);
    expect(refusal(() => parseSuccessAction({ tag: 'aes', description: 'd', ciphertext, iv: 'AAAA' }, cb)).message).toMatch(/IV/);
  });
});

describe('LNURL-auth keys and signatures (LUD-04, LUD-05)', () => {
  it('verifies the LUD-04 example signature the way the spec checks it (k1 is not hashed again)', () => {
    const k1 = 'e2af6254a8df433264fa23f67eb8188635d15ce883e8fc020989d5f82ae6f11e';
    const key = '02c3b844b8104f0c1b15c507774c9ba7fc609f58f343b9b149122e944dd20c9362';
    const sig =
      '304402203767faf494f110b139293d9bab3c50e07b3bf33c463d4aa767256cd09132dc5102205821f8efacdb5c595b92ada255876d9201e126e2f31a140d44561cc1f7e9e43d';
    expect(secp256k1.verify(hexToBytes(sig), hexToBytes(k1), hexToBytes(key), { prehash: false, format: 'der' })).toBe(true);
  });

  it('signs k1 with the per-domain linking key as a low-S DER signature', () => {
    const k1 = randomBytes(32).toString('hex');
    const signed = signAuthChallenge(root, 'site.com', k1);
    expect(signed.sig.startsWith('30')).toBe(true);
    expect(signed.key).toBe(linkingPublicKey(root, 'site.com'));
    expect(secp256k1.verify(hexToBytes(signed.sig), hexToBytes(k1), hexToBytes(signed.key), { prehash: false, format: 'der', lowS: true })).toBe(true);
    expect(secp256k1.verify(hexToBytes(signed.sig), hexToBytes(k1), hexToBytes(linkingPublicKey(root, 'other.com')), { prehash: false, format: 'der' })).toBe(false);
  });

  it('treats path elements of 2^31 and above as hardened children, as LUD-05 implementations do', () => {
    const suffix = linkingPathSuffix(root.derive("m/138'/0").privateKey!, 'site.com');
    const path = `m/138'/${suffix.map((i) => (i >= 0x80000000 ? `${i - 0x80000000}'` : `${i}`)).join('/')}`;
    expect(suffix.some((i) => i >= 0x80000000)).toBe(true);
    expect(bytesToHex(linkingKey(root, 'site.com').publicKey!)).toBe(bytesToHex(root.derive(path).publicKey!));
  });
});
