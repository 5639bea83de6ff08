/**
 * The page side of the Rootstock family: found through EIP-6963 by mipd (the
 * discovery library wagmi and viem users take), never written to window.ethereum,
 * and an EIP-1193 provider over a transport the test plays the wallet for.
 */
import { afterEach, describe, expect, it } from 'vitest';
import { createStore } from 'mipd';
import { installRootstock } from '../../../../src/inject/providers/rootstock';
import { ProviderRpcError, type PageTransport } from '../../../../src/inject/transport';

type Provider = {
  request(args: unknown): Promise<unknown>;
  on(event: string, l: (x: unknown) => void): Provider;
  removeListener(event: string, l: (x: unknown) => void): Provider;
};

/** A page window enough for the installer and mipd: events and crypto. */
function pageWindow() {
  return Object.assign(new EventTarget(), { crypto: globalThis.crypto }) as unknown as Window & { ethereum?: unknown };
}

function fakeWallet(answers: Record<string, unknown | ProviderRpcError>) {
  const asked: { method: string; params?: unknown }[] = [];
  let push: ((event: string, data: unknown) => void) | undefined;
  const transport: PageTransport = {
    async request(family, method, params) {
      expect(family).toBe('rootstock');
      asked.push({ method, params });
      const a = answers[method];
      if (a instanceof ProviderRpcError) throw a;
      if (a === undefined) throw new ProviderRpcError({ code: 4200, message: `no ${method}` });
      return a;
    },
    onEvent(family, listener) {
      if (family === 'rootstock') push = listener;
    },
  };
  return { transport, asked, push: (e: string, d: unknown) => push!(e, d) };
}

afterEach(() => {
  delete (globalThis as { window?: unknown }).window;
});

function install(answers: Record<string, unknown | ProviderRpcError>) {
  const page = pageWindow();
  (globalThis as { window?: unknown }).window = page;
  const wallet = fakeWallet(answers);
  installRootstock(wallet.transport, page);
  return { page, wallet };
}

describe('Rootstock page provider', () => {
  it('is announced by EIP-6963 to a store made before or after it, with a fresh uuid per page, and leaves window.ethereum alone', () => {
    const { page } = install({});
    const store = createStore();
    const [detail] = store.getProviders();
    expect(store.getProviders()).toHaveLength(1);
    expect(detail!.info).toMatchObject({ name: 'Layerhop', rdns: 'dev.layerhop' });
    expect(detail!.info.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(detail!.info.icon).toMatch(/^data:image\/svg\+xml;base64,/);
    expect(Object.isFrozen(detail)).toBe(true);
    expect(Object.isFrozen(detail!.provider)).toBe(true);
    expect(page.ethereum).toBeUndefined();
    expect(store.findProvider({ rdns: 'dev.layerhop' })).toBe(detail);
    store.destroy();
    const other = install({});
    const second = createStore();
    expect(second.getProviders()[0]!.info.uuid).not.toBe(detail!.info.uuid);
    expect(other.page.ethereum).toBeUndefined();
    second.destroy();
    // Where randomUUID is missing, still a version-4 UUID of its own.
    const bare = Object.assign(new EventTarget(), { crypto: { getRandomValues: <T extends ArrayBufferView>(a: T) => globalThis.crypto.getRandomValues(a as unknown as Uint8Array<ArrayBuffer>) as unknown as T } }) as unknown as Window;
    (globalThis as { window?: unknown }).window = bare;
    installRootstock(fakeWallet({}).transport, bare);
    const third = createStore();
    expect(third.getProviders()[0]!.info.uuid).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    third.destroy();
  });

  it('passes requests to the wallet and its standard errors back; a site not connected sees no accounts', async () => {
    const { wallet } = install({
      eth_chainId: '0x21',
      eth_accounts: new ProviderRpcError({ code: 4100, message: 'not connected' }),
      personal_sign: new ProviderRpcError({ code: 4100, message: 'not connected' }),
    });
    const store = createStore();
    const provider = store.getProviders()[0]!.provider as unknown as Provider;
    expect(await provider.request({ method: 'eth_chainId' })).toBe('0x21');
    expect(await provider.request({ method: 'eth_accounts' })).toEqual([]);
    await expect(provider.request({ method: 'personal_sign', params: ['0x00', '0x' + '1'.repeat(40)] })).rejects.toMatchObject({ code: 4100 });
    await expect(provider.request({ method: 'eth_sign', params: [] })).rejects.toMatchObject({ code: 4200 });
    await expect(provider.request('eth_chainId')).rejects.toMatchObject({ code: -32602 });
    await expect(provider.request({ method: 'eth_chainId', params: 5 })).rejects.toMatchObject({ code: -32602 });
    expect(wallet.asked.map((a) => a.method)).toEqual(['eth_chainId', 'eth_accounts', 'personal_sign', 'eth_sign']);
    store.destroy();
  });

  it('fires connect once, then chainChanged and accountsChanged only on a change; listeners can be removed', async () => {
    const { wallet } = install({ eth_chainId: '0x21', eth_requestAccounts: ['0xabc0000000000000000000000000000000000001'] });
    const store = createStore();
    const provider = store.getProviders()[0]!.provider as unknown as Provider;
    const seen: [string, unknown][] = [];
    const on = (e: string) => (x: unknown) => seen.push([e, x]);
    const chain = on('chainChanged');
    provider.on('connect', on('connect')).on('chainChanged', chain).on('accountsChanged', on('accountsChanged')).on('disconnect', on('disconnect'));
    await provider.request({ method: 'eth_chainId' });
    await provider.request({ method: 'eth_chainId' });
    await provider.request({ method: 'eth_requestAccounts' });
    await provider.request({ method: 'eth_requestAccounts' });
    wallet.push('chainChanged', '0x1f');
    wallet.push('chainChanged', '0x1f');
    wallet.push('accountsChanged', []);
    provider.removeListener('chainChanged', chain);
    wallet.push('chainChanged', '0x21');
    expect(seen).toEqual([
      ['connect', { chainId: '0x21' }],
      ['accountsChanged', ['0xabc0000000000000000000000000000000000001']],
      ['chainChanged', '0x1f'],
      ['accountsChanged', []],
    ]);
    store.destroy();
  });
});
