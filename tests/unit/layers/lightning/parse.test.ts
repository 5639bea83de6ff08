/**
 * Every way a Lightning destination is handed over (LUD-01 bech32, LUD-17 schemes,
 * lightning: URIs, LUD-16 addresses, bolt11, BIP21 lightning=, LUD-01 fallback
 * links), and the refusals: wrong network, malformed LNURL, insecure URLs.
 */
import { describe, expect, it } from 'vitest';
import { decodeLnurlBech32, encodeLnurlBech32 } from '../../../../src/layers/lightning/lnurl-url';
import { parseLightningInput, type LightningDestination } from '../../../../src/layers/lightning/parse';
import { WalletError } from '../../../../src/shared/errors';

// LUD-01's example.
const LUD01_URL = 'https://service.com/api?q=3fc3645b439ce8e7f2553a69e5267081d96dcd340693afabe04be7b0ccd178df';
const LUD01 =
  'LNURL1DP68GURN8GHJ7UM9WFMXJCM99E3K7MF0V9CXJ0M385EKVCENXC6R2C35XVUKXEFCV5MKVV34X5EKZD3EV56NYD3HXQURZEPEXEJXXEPNXSCRVWFNV9NXZCN9XQ6XYEFHVGCXXCMYXYMNSERXFQ5FNS';
// BOLT-11's testnet example, and its mainnet sibling.
const LNTB =
  'lntb20m1pvjluezsp5zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zygshp58yjmdan79s6qqdhdzgynm4zwqd5d7xmw5fk98klysy043l2ahrqspp5qqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqypqfpp3x9et2e20v6pu37c5d9vax37wxq72un989qrsgqdj545axuxtnfemtpwkc45hx9d2ft7x04mt8q7y6t0k2dge9e7h8kpy9p34ytyslj3yu569aalz2xdk8xkd7ltxqld94u8h2esmsmacgpghe9k8';
const LNBC =
  'lnbc2500u1pvjluezsp5zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zyg3zygspp5qqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqqqsyqcyq5rqwzqfqypqdq5xysxxatsyp3k7enxv4jsxqzpu9qrsgquk0rl77nj30yxdy8j9vdx85fkpmdla2087ne0xh8nhedh8w27kyke0lp53ut353s06fv3qfegext0eh0ymjpf39tuven09sam30g4vgpfna3rh';
const K1 = 'e2af6254a8df433264fa23f67eb8188635d15ce883e8fc020989d5f82ae6f11e';

const testnet = { bolt11: 'tb' } as const;
const regtest = { bolt11: 'bcrt' } as const;

function parse(text: string, params: { bolt11: 'tb' | 'tbs' | 'bcrt' } = testnet): LightningDestination {
  return parseLightningInput(text, params);
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

describe('LUD-01 bech32', () => {
  it('decodes the LUD-01 example in upper and lower case, beyond 90 characters', () => {
    expect(LUD01.length).toBeGreaterThan(90);
    expect(decodeLnurlBech32(LUD01)).toBe(LUD01_URL);
    expect(decodeLnurlBech32(LUD01.toLowerCase())).toBe(LUD01_URL);
    expect(encodeLnurlBech32(LUD01_URL)).toBe(LUD01);
  });

  it('refuses mixed case, a broken checksum and another prefix', () => {
    expect(refusal(() => decodeLnurlBech32(LUD01.slice(0, 10).toLowerCase() + LUD01.slice(10))).message).toMatch(/mixes upper and lower/);
    expect(refusal(() => decodeLnurlBech32(LUD01.slice(0, -1) + (LUD01.endsWith('S') ? 'Q' : 'S'))).message).toMatch(/damaged/);
    expect(refusal(() => decodeLnurlBech32(LNTB)).code).toBe('bad_lnurl');
  });

  it('parses to an LNURL endpoint whose kind the service will tell', () => {
    expect(parse(LUD01)).toEqual({ kind: 'lnurl', form: 'lnurl-bech32', url: LUD01_URL, domain: 'service.com' });
    expect(parse(`lightning:${LUD01}`)).toMatchObject({ kind: 'lnurl', via: 'lightning-uri', url: LUD01_URL });
    expect(parse(`LIGHTNING:${LUD01}`)).toMatchObject({ via: 'lightning-uri' });
  });

  it('recognises a bech32 login request without contacting anyone', () => {
    const encoded = encodeLnurlBech32(`https://auth.site.com/lnurl?tag=login&k1=${K1}&action=register`);
    expect(parse(encoded)).toEqual({
      kind: 'auth',
      form: 'lnurl-bech32',
      url: `https://auth.site.com/lnurl?tag=login&k1=${K1}&action=register`,
      domain: 'auth.site.com',
      k1: K1,
      action: 'register',
    });
  });

  it('refuses an LNURL that decodes to plain HTTP on the internet, or to a non-URL', () => {
    expect(refusal(() => parse(encodeLnurlBech32('http://service.com/api'))).message).toMatch(/unencrypted HTTP/);
    expect(refusal(() => parse(encodeLnurlBech32('not a url'))).code).toBe('bad_lnurl');
    expect(refusal(() => parse(encodeLnurlBech32('https://user:pw@service.com/'))).message).toMatch(/password/);
    expect(refusal(() => parse('lnurl1dp68gurn8ghj7')).code).toBe('bad_lnurl');
  });
});

describe('LUD-17 schemes', () => {
  it('maps lnurlp/lnurlw to https, and to http for onion and loopback hosts', () => {
    expect(parse('lnurlp://service.com/pay/1?x=1')).toEqual({ kind: 'lnurl', form: 'lud17-scheme', url: 'https://service.com/pay/1?x=1', domain: 'service.com', tag: 'payRequest' });
    expect(parse('lnurlw://examplennnnnnnn.onion/w')).toMatchObject({ url: 'http://examplennnnnnnn.onion/w', tag: 'withdrawRequest' });
    expect(parse('LNURLP://127.0.0.1:3000/lnurl?q=1')).toMatchObject({ url: 'http://127.0.0.1:3000/lnurl?q=1', tag: 'payRequest' });
    expect(parse('lnurlc://service.com/c')).toMatchObject({ tag: 'channelRequest' });
  });

  it('reads keyauth:// as a login request and checks its challenge and action', () => {
    expect(parse(`keyauth://site.com/auth?tag=login&k1=${K1}`)).toEqual({ kind: 'auth', form: 'lud17-scheme', url: `https://site.com/auth?tag=login&k1=${K1}`, domain: 'site.com', k1: K1 });
    expect(refusal(() => parse('keyauth://site.com/auth?k1=12')).message).toMatch(/no valid challenge/);
    expect(refusal(() => parse(`keyauth://site.com/auth?k1=${K1}&action=steal`)).message).toMatch(/unknown action/);
  });
});

describe('Lightning Addresses (LUD-16)', () => {
  it('maps name@host to the well-known pay endpoint, lower-casing it', () => {
    expect(parse('Satoshi@Bitcoin.org')).toEqual({
      kind: 'lnurl',
      form: 'lightning-address',
      url: 'https://bitcoin.org/.well-known/lnurlp/satoshi',
      domain: 'bitcoin.org',
      tag: 'payRequest',
      lightningAddress: 'satoshi@bitcoin.org',
    });
    expect(parse('bob@exampleaaaaaaaa.onion')).toMatchObject({ url: 'http://exampleaaaaaaaa.onion/.well-known/lnurlp/bob' });
    expect(parse('dev_1.x@127.0.0.1:8080')).toMatchObject({ url: 'http://127.0.0.1:8080/.well-known/lnurlp/dev_1.x', lightningAddress: 'dev_1.x@127.0.0.1:8080' });
  });

  it('does not take other text with an @ for an address', () => {
    expect(refusal(() => parse('bob@localhostish')).code).toBe('bad_address');
    expect(refusal(() => parse('bo b@site.com')).code).toBe('bad_address');
  });
});

describe('bolt11 and BIP21', () => {
  it('accepts a testnet invoice on testnet, raw or as lightning:', () => {
    const d = parse(LNTB);
    expect(d.kind).toBe('bolt11');
    if (d.kind === 'bolt11') expect(d.invoice.amountMsat).toBe(2_000_000_000n);
    expect(parse(`lightning:${LNTB.toUpperCase()}`)).toMatchObject({ kind: 'bolt11', via: 'lightning-uri' });
  });

  it('refuses a mainnet invoice on testnet and a testnet invoice on regtest', () => {
    const main = refusal(() => parse(LNBC));
    expect(main.code).toBe('wrong_network');
    expect(main.message).toBe('This invoice is for Bitcoin mainnet (lnbc…), but the wallet is on Bitcoin testnet (lntb…).');
    expect(refusal(() => parse(LNTB, regtest)).message).toMatch(/Bitcoin testnet.*Bitcoin regtest/);
  });

  it('takes the lightning= parameter of a BIP21 URI (invoice or LNURL)', () => {
    expect(parse(`bitcoin:tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx?amount=0.02&label=x&lightning=${LNTB.toUpperCase()}`)).toMatchObject({ kind: 'bolt11', via: 'bip21' });
    expect(parse(`BITCOIN:TB1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KXPJZSX?LIGHTNING=${LUD01}`)).toMatchObject({ kind: 'lnurl', via: 'bip21', url: LUD01_URL });
    expect(refusal(() => parse('bitcoin:tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx?amount=1')).message).toMatch(/no Lightning invoice/);
    expect(refusal(() => parse(`bitcoin:x?lightning=${LNBC}`)).code).toBe('wrong_network');
  });

  it('takes the LUD-01 fallback lightning= parameter of a web link', () => {
    expect(parse(`https://service.com/giftcard/redeem?id=123&lightning=${LUD01}`)).toMatchObject({ kind: 'lnurl', via: 'url-fallback', url: LUD01_URL });
  });

  it('refuses a damaged invoice with the reason', () => {
    expect(refusal(() => parse(`${LNTB.slice(0, -1)}q`)).code).toBe('bad_invoice');
  });

  it('refuses text that is none of these', () => {
    for (const t of ['', 'hello', 'tb1qw508d6qejxtdg4y5r3zarvary0c5xw7kxpjzsx', 'ftp://site.com/x']) {
      expect(refusal(() => parse(t)).code).toMatch(/bad_address|bad_lnurl/);
    }
  });
});
