/**
 * The page's Bitcoin provider as the real client libraries use it: Sats Connect's
 * `request(method, params, providerId)` (@sats-connect/core) finds it by its WBIP004 id
 * and reads its JSON-RPC envelopes; @stacks/connect's `request({ provider }, …)` reads the
 * same envelopes for `stx_*`, which go to the Stacks family. The transport is a stand-in
 * recording what would cross to the content script.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { installBitcoinProvider, BITCOIN_PROVIDER_ID } from '../../../src/inject/providers/bitcoin';
import { ProviderRpcError, type PageTransport } from '../../../src/inject/transport';
import type { DappFamily } from '../../../src/shared/dapp/protocol';

interface Sent {
  family: DappFamily;
  method: string;
  params?: unknown;
}

function fakeTransport(answer: (s: Sent) => unknown) {
  const sent: Sent[] = [];
  const events: ((event: string, data: unknown) => void)[] = [];
  const transport: PageTransport = {
    request: async (family, method, params) => {
      const s = { family, method, params };
      sent.push(s);
      return answer(s);
    },
    onEvent: (family, listener) => {
      if (family === 'bitcoin') events.push(listener);
    },
  };
  return { transport, sent, emit: (event: string, data: unknown) => events.forEach((l) => l(event, data)) };
}

const PAYMENT = { address: 'bcrt1qpay', publicKey: '02aa', purpose: 'payment', addressType: 'p2wpkh', walletType: 'software' };

function answer({ family, method, params }: Sent): unknown {
  if (family === 'stacks' && method === 'stx_getAddresses') return { addresses: [{ address: 'ST1TEST', publicKey: '03bb' }] };
  if (method === 'getInfo') return { version: '1.0.0', platform: 'web', methods: ['getAddresses'], supports: [] };
  if (method === 'getAddresses') return { addresses: [PAYMENT], network: { bitcoin: { name: 'Regtest' } } };
  if (method === 'signPsbt') throw new ProviderRpcError({ code: -32000, message: 'The user rejected the request.' });
  if (family === 'stacks') return { echo: params };
  throw new ProviderRpcError({ code: -32601, message: `no ${method}` });
}

let page: Record<string, any>;
const realWindow = (globalThis as Record<string, unknown>).window;
beforeEach(() => {
  page = {};
  (globalThis as Record<string, unknown>).window = page;
});
afterEach(() => {
  (globalThis as Record<string, unknown>).window = realWindow;
});

describe('the Bitcoin page provider', () => {
  it('registers once in btc_providers and wbip_providers under an id that is its path on window', () => {
    const { transport } = fakeTransport(answer);
    page.btc_providers = [{ id: 'XverseProviders.BitcoinProvider', name: 'Xverse', icon: '' }];
    installBitcoinProvider(transport, page as unknown as Window);
    installBitcoinProvider(transport, page as unknown as Window);
    expect(page.btc_providers.map((p: { id: string }) => p.id)).toEqual(['XverseProviders.BitcoinProvider', BITCOIN_PROVIDER_ID]);
    expect(page.wbip_providers.map((p: { id: string }) => p.id)).toEqual([BITCOIN_PROVIDER_ID]);
    const entry = page.btc_providers[1];
    expect(entry).toMatchObject({ name: 'Layerhop', icon: expect.stringMatching(/^data:image\/svg\+xml;base64,/) });
    expect(entry.methods).toEqual(expect.arrayContaining(['getAddresses', 'signPsbt', 'sendTransfer', 'signMessage', 'stx_transferStx']));
    const byPath = BITCOIN_PROVIDER_ID.split('.').reduce((o: any, k) => o?.[k], page);
    expect(typeof byPath.request).toBe('function');
    expect(page.BitcoinProvider).toBeUndefined();
    expect(page.StacksProvider).toBeUndefined();
  });

  it("answers Sats Connect's request() with its envelope: results, and rejections as USER_REJECTION", async () => {
    const { transport, sent } = fakeTransport(answer);
    installBitcoinProvider(transport, page as unknown as Window);
    const { request, RpcErrorCode } = await import('@sats-connect/core');
    const got = await request('getAddresses', { purposes: ['payment' as never] }, BITCOIN_PROVIDER_ID);
    expect(got).toEqual({ status: 'success', result: { addresses: [PAYMENT], network: { bitcoin: { name: 'Regtest' } } } });
    const rejected = await request('signPsbt', { psbt: 'cHNidP8=', signInputs: {} }, BITCOIN_PROVIDER_ID);
    expect(rejected).toMatchObject({ status: 'error', error: { code: RpcErrorCode.USER_REJECTION } });
    // Sats Connect asks getInfo first; every Bitcoin method went to the Bitcoin family.
    expect(sent.map((s) => `${s.family}:${s.method}`)).toEqual(['bitcoin:getInfo', 'bitcoin:getAddresses', 'bitcoin:signPsbt']);
  });

  it('sends stx_* to the Stacks family, and @stacks/connect reads the answers and errors', async () => {
    const { transport, sent } = fakeTransport(answer);
    installBitcoinProvider(transport, page as unknown as Window);
    const { request, JsonRpcError } = await import('@stacks/connect');
    const provider = page.LayerhopProviders.BitcoinProvider;
    expect(await request({ provider, enableLocalStorage: false }, 'stx_transferStx', { amount: '10', recipient: 'ST1TEST' })).toEqual({ echo: { amount: '10', recipient: 'ST1TEST' } });
    const err = await request({ provider, enableLocalStorage: false }, 'signPsbt', { psbt: 'cHNidP8=' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(JsonRpcError);
    expect((err as InstanceType<typeof JsonRpcError>).code).toBe(-32000);
    expect(sent.map((s) => `${s.family}:${s.method}`)).toEqual(['stacks:stx_transferStx', 'bitcoin:signPsbt']);
  });

  it('adds the Stacks address when getAddresses names no purposes (@stacks/connect connect) or names stacks', async () => {
    const { transport, sent } = fakeTransport(answer);
    installBitcoinProvider(transport, page as unknown as Window);
    const provider = page.LayerhopProviders.BitcoinProvider;
    const merged = await provider.request('getAddresses', undefined);
    expect(merged.result.addresses).toEqual([PAYMENT, { address: 'ST1TEST', publicKey: '03bb', purpose: 'stacks', addressType: 'stacks', walletType: 'software' }]);
    await provider.request('getAddresses', { network: 'testnet' });
    expect(sent.at(-1)).toEqual({ family: 'stacks', method: 'stx_getAddresses', params: { network: 'testnet' } });
    const plain = await provider.request('getAddresses', { purposes: ['payment'] });
    expect(plain.result.addresses).toEqual([PAYMENT]);
    expect(sent.map((s) => `${s.family}:${s.method}`)).toEqual(['bitcoin:getAddresses', 'stacks:stx_getAddresses', 'bitcoin:getAddresses', 'stacks:stx_getAddresses', 'bitcoin:getAddresses']);
  });

  it('never rejects: a thrown error without a code is INTERNAL_ERROR, a bad method INVALID_REQUEST; events reach listeners', async () => {
    const { transport, emit } = fakeTransport(() => {
      throw new Error('relay gone');
    });
    installBitcoinProvider(transport, page as unknown as Window);
    const provider = page.LayerhopProviders.BitcoinProvider;
    expect(await provider.request('getBalance')).toMatchObject({ jsonrpc: '2.0', error: { code: -32603, message: 'relay gone' } });
    expect(await provider.request(42)).toMatchObject({ error: { code: -32600 } });
    const seen: unknown[] = [];
    const off = provider.addListener({ eventName: 'accountChange', cb: (e: unknown) => seen.push(e) });
    emit('accountChange', { addresses: [] });
    off();
    emit('accountChange', {});
    expect(seen).toEqual([{ type: 'accountChange', addresses: [] }]);
  });
});
