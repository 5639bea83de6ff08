/** The Lightning background edge: host gate before any request, host patterns, schemas, sats text to msat. */
import { describe, expect, it } from 'vitest';
import { satsToMsat } from '../../../../src/layers/lightning/handlers';
import { HostGatedHttpClient } from '../../../../src/layers/lightning/host-access';
import { WalletError } from '../../../../src/shared/errors';
import { hostPattern, hostPatterns } from '../../../../src/shared/host-patterns';
import { METHODS } from '../../../../src/shared/rpc';

describe('HostGatedHttpClient', () => {
  it('refuses a host the browser has not granted, without fetching', async () => {
    const fetched: string[] = [];
    const fetchImpl = (async (url: string) => {
      fetched.push(url);
      return new Response('{}', { status: 200 });
    }) as typeof fetch;
    const asked: string[] = [];
    const access = { allows: async (u: URL) => (asked.push(u.origin), u.hostname === 'allowed.example') };
    const denied = new HostGatedHttpClient('https://pay.example:8443', access, { fetchImpl, retries: 0 });
    await expect(denied.request('GET', '/lnurlp/alice')).rejects.toMatchObject({ code: 'host_permission', message: expect.stringContaining('pay.example') });
    expect(fetched).toEqual([]);
    // An absolute callback URL is checked against its own host, not the client's base.
    const client = new HostGatedHttpClient('https://allowed.example', access, { fetchImpl, retries: 0 });
    await expect(client.request('GET', 'https://other.example/cb?k1=1')).rejects.toBeInstanceOf(WalletError);
    expect(await client.request('GET', '/ok')).toBe('{}');
    expect(fetched).toEqual(['https://allowed.example/ok']);
    expect(asked).toEqual(['https://pay.example:8443', 'https://other.example', 'https://allowed.example']);
  });
});

describe('redirects', () => {
  it('are not followed: an https service redirecting to http is refused and the http address is never fetched', async () => {
    const fetched: string[] = [];
    // Behaves as the browser's fetch does: follows by default; with redirect 'manual' returns an opaque redirect.
    const fetchImpl = (async (url: string, init?: RequestInit) => {
      fetched.push(url);
      if (url.startsWith('https://pay.example/')) {
        if ((init?.redirect ?? 'follow') === 'follow') return fetchImpl('http://pay.example/.well-known/lnurlp/alice', init);
        return { type: 'opaqueredirect', status: 0, ok: false, headers: new Headers(), text: async () => '' } as unknown as Response;
      }
      return new Response('{"tag":"payRequest"}', { status: 200 });
    }) as typeof fetch;
    const client = new HostGatedHttpClient('https://pay.example', { allows: async () => true }, { fetchImpl, retries: 2 });
    await expect(client.request('GET', '/.well-known/lnurlp/alice')).rejects.toMatchObject({ message: expect.stringMatching(/pay\.example answered with a redirect.*nothing was sent there/) });
    expect(fetched).toEqual(['https://pay.example/.well-known/lnurlp/alice']);
  });
});

describe('host patterns', () => {
  it('drop the port (one grant per host) and repeats', () => {
    expect(hostPattern('http://127.0.0.1:3080')).toBe('http://127.0.0.1/*');
    expect(hostPatterns(['https://a.example/x', 'https://a.example:444/y', 'http://b.onion/z'])).toEqual(['https://a.example/*', 'http://b.onion/*']);
  });
});

describe('lightning RPC params', () => {
  it('accept sats text and refuse what is not', () => {
    expect(satsToMsat('21')).toBe(21_000n);
    expect(satsToMsat('0.001')).toBe(1n);
    expect(() => satsToMsat('0.0001')).toThrow(WalletError);
    expect(() => satsToMsat('-1')).toThrow(WalletError);
    expect(() => METHODS['lightning.pay'].params({ text: 'lnurl1x', amount: 21 }, '')).toThrow(WalletError);
    expect(() => METHODS['lightning.nwcConnect'].params({ uri: '' }, '')).toThrow(WalletError);
    expect(() => METHODS['lightning.inspect'].params({ text: 'x', extra: 1 }, '')).toThrow(WalletError);
    expect(METHODS['lightning.withdraw'].params({ text: 'lnurl1x', amount: '5' }, '')).toMatchObject({ amount: '5' });
  });
});
