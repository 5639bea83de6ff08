/**
 * Rootstock for web pages: an EIP-1193 provider announced by EIP-6963 (never
 * written to window.ethereum, which belongs to whichever wallet the user chose).
 * Everything it answers comes from the background; it keeps only the chain id and
 * accounts it was last told, to fire `connect`, `chainChanged` and
 * `accountsChanged` once per change. Runs in the page: nothing secret here.
 */
import { ProviderRpcError, type ProviderInstaller } from '../transport';

type Listener = (arg: unknown) => void;
const EVENTS = ['connect', 'disconnect', 'chainChanged', 'accountsChanged', 'message'];

/** 96×96 SVG (EIP-6963: a square data URI, at least 96 px). */
const ICON =
  'data:image/svg+xml;base64,' +
  btoa(
    '<svg xmlns="http://www.w3.org/2000/svg" width="96" height="96" viewBox="0 0 96 96"><rect width="96" height="96" rx="20" fill="#1b1f2a"/><path d="M22 66 40 30l12 20 8-12 14 28z" fill="#f7931a"/></svg>',
  );

/** EIP-6963 asks for a UUIDv4 per page load; randomUUID exists only in secure contexts, so build one where it does not. */
function uuidV4(page: Window): string {
  if (typeof page.crypto.randomUUID === 'function') return page.crypto.randomUUID();
  const b = page.crypto.getRandomValues(new Uint8Array(16));
  b[6] = (b[6]! & 0x0f) | 0x40;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const h = [...b].map((x) => x.toString(16).padStart(2, '0')).join('');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20)}`;
}

export const installRootstock: ProviderInstaller = (transport, page) => {
  const listeners = new Map<string, Set<Listener>>();
  let chainId: string | undefined;
  let accounts: string[] | undefined;

  const emit = (event: string, arg: unknown) => {
    for (const l of [...(listeners.get(event) ?? [])]) {
      try {
        l(arg);
      } catch {
        // a page's listener must not stop the others
      }
    }
  };
  const noteChain = (id: unknown) => {
    if (typeof id !== 'string' || id === chainId) return;
    const first = chainId === undefined;
    chainId = id;
    emit(first ? 'connect' : 'chainChanged', first ? { chainId: id } : id);
  };
  const noteAccounts = (list: unknown) => {
    if (!Array.isArray(list) || !list.every((a) => typeof a === 'string')) return;
    const next = list as string[];
    if (accounts !== undefined && accounts.join() === next.join()) return;
    const first = accounts === undefined;
    accounts = next;
    if (!first || next.length > 0) emit('accountsChanged', next);
  };

  const request = async (args: unknown): Promise<unknown> => {
    if (typeof args !== 'object' || args === null || typeof (args as { method?: unknown }).method !== 'string') {
      throw new ProviderRpcError({ code: -32602, message: 'request() takes { method, params }.' });
    }
    const { method, params } = args as { method: string; params?: unknown };
    if (params !== undefined && (typeof params !== 'object' || params === null)) {
      throw new ProviderRpcError({ code: -32602, message: 'params must be an array or an object.' });
    }
    let result: unknown;
    try {
      result = await transport.request('rootstock', method, params);
    } catch (err) {
      // EIP-1102/MetaMask: a site not connected sees no accounts rather than an error.
      if (method === 'eth_accounts' && (err as { code?: unknown }).code === 4100) result = [];
      else throw err;
    }
    if (method === 'eth_chainId') noteChain(result);
    if (method === 'eth_accounts' || method === 'eth_requestAccounts') noteAccounts(result);
    return result;
  };

  const provider = Object.freeze({
    request,
    on(event: string, listener: Listener) {
      if (EVENTS.includes(event) && typeof listener === 'function') {
        if (!listeners.has(event)) listeners.set(event, new Set());
        listeners.get(event)!.add(listener);
      }
      return provider;
    },
    removeListener(event: string, listener: Listener) {
      listeners.get(event)?.delete(listener);
      return provider;
    },
  });

  transport.onEvent('rootstock', (event, data) => {
    if (event === 'chainChanged') noteChain(data);
    else if (event === 'accountsChanged') noteAccounts(data);
    else if (event === 'disconnect') {
      accounts = [];
      emit('disconnect', new ProviderRpcError({ code: 4900, message: typeof data === 'string' ? data : 'Disconnected.' }));
    }
  });

  const info = Object.freeze({ uuid: uuidV4(page), name: 'Layerhop', icon: ICON, rdns: 'dev.layerhop' });
  const announce = () => page.dispatchEvent(new CustomEvent('eip6963:announceProvider', { detail: Object.freeze({ info, provider }) }));
  page.addEventListener('eip6963:requestProvider', announce);
  announce();
};
