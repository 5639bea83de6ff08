/**
 * The Bitcoin request provider at `window.LayerhopProviders.BitcoinProvider`,
 * registered by WBIP004 in `window.btc_providers` (Sats Connect looks there) and
 * `window.wbip_providers` (@stacks/connect looks there). `request(method, params)`
 * resolves with a JSON-RPC 2.0 envelope, `{ jsonrpc, id, result }` or
 * `{ jsonrpc, id, error: { code, message } }`, as both libraries read it; it never
 * rejects. Methods named `stx_*` go to the Stacks family, the rest to Bitcoin. We
 * do not take over `window.BitcoinProvider` or `window.StacksProvider`: another
 * wallet may own them.
 */
import type { PageTransport, ProviderInstaller } from '../transport';

export const BITCOIN_PROVIDER_ID = 'LayerhopProviders.BitcoinProvider';

const ICON =
  'data:image/svg+xml;base64,' +
  btoa('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><rect width="32" height="32" rx="7" fill="#1d2433"/><path d="M9 23l7-14 7 14" fill="none" stroke="#f7931a" stroke-width="3" stroke-linejoin="round"/></svg>');

const METHODS = ['getInfo', 'getAddresses', 'getAccounts', 'wallet_connect', 'wallet_getAccount', 'wallet_getNetwork', 'getBalance', 'signPsbt', 'sendTransfer', 'signMessage'];

type Envelope = { jsonrpc: '2.0'; id: string; result: unknown } | { jsonrpc: '2.0'; id: string; error: { code: number; message: string; data?: unknown } };
type Listener = (event: { type: string } & Record<string, unknown>) => void;

interface AddressList {
  addresses: Record<string, unknown>[];
}

let nextId = 0;

/** Whether a getAddresses / wallet_connect asks for the Stacks address too: named, or no purposes at all (@stacks/connect's `connect()`). */
function wantsStacks(method: string, params: unknown): boolean {
  if (method !== 'getAddresses' && method !== 'wallet_connect') return false;
  const p = (params ?? {}) as { purposes?: unknown; addresses?: unknown };
  const list = method === 'wallet_connect' ? p.addresses : p.purposes;
  return list === undefined || (Array.isArray(list) && list.includes('stacks'));
}

function makeProvider(transport: PageTransport) {
  const listeners = new Map<string, Set<Listener>>();
  transport.onEvent('bitcoin', (event, data) => {
    for (const cb of listeners.get(event) ?? []) cb({ ...(typeof data === 'object' && data ? data : {}), type: event });
  });

  const call = async (method: string, params: unknown): Promise<unknown> => {
    if (method.startsWith('stx_')) return transport.request('stacks', method, params);
    const result = await transport.request('bitcoin', method, params);
    if (!wantsStacks(method, params)) return result;
    // The Stacks address comes from the Stacks family (its own connection and approval), in Sats Connect's Address shape.
    const network = (params as { network?: unknown } | null | undefined)?.network;
    const stacks = (await transport.request('stacks', 'stx_getAddresses', typeof network === 'string' ? { network } : null)) as AddressList;
    const extra = (stacks?.addresses ?? []).map((a) => ({ ...a, purpose: 'stacks', addressType: 'stacks', walletType: 'software' }));
    const own = result as AddressList;
    return { ...own, addresses: [...own.addresses, ...extra] };
  };

  return {
    isLayerhop: true,
    async request(method: string, params?: unknown): Promise<Envelope> {
      const id = `layerhop-${++nextId}`;
      try {
        if (typeof method !== 'string') throw Object.assign(new Error('The method must be a string.'), { code: -32600 });
        return { jsonrpc: '2.0', id, result: await call(method, params) };
      } catch (err) {
        const e = err as { code?: unknown; message?: unknown; data?: unknown };
        const error = {
          code: typeof e.code === 'number' ? e.code : -32603,
          message: typeof e.message === 'string' ? e.message : 'The wallet could not answer.',
          ...(e.data !== undefined ? { data: e.data } : {}),
        };
        return { jsonrpc: '2.0', id, error };
      }
    },
    /** Sats Connect's `addListener({ eventName, cb })` (or `(eventName, cb)`); returns the function that removes it. */
    addListener(info: { eventName: string; cb: Listener } | string, cb?: Listener): () => void {
      const { eventName, cb: listener } = typeof info === 'string' ? { eventName: info, cb: cb! } : info;
      if (typeof listener !== 'function') return () => {};
      const set = listeners.get(eventName) ?? new Set<Listener>();
      set.add(listener);
      listeners.set(eventName, set);
      return () => set.delete(listener);
    },
  };
}

export const installBitcoinProvider: ProviderInstaller = (transport, page) => {
  const w = page as unknown as Record<string, unknown> & { LayerhopProviders?: Record<string, unknown> };
  const provider = Object.freeze(makeProvider(transport));
  w.LayerhopProviders = { ...(w.LayerhopProviders ?? {}), BitcoinProvider: provider };
  const entry = Object.freeze({
    id: BITCOIN_PROVIDER_ID,
    name: 'Layerhop',
    icon: ICON,
    methods: [...METHODS, 'stx_getAddresses', 'stx_transferStx', 'stx_transferSip10Ft', 'stx_callContract', 'stx_signMessage', 'stx_signStructuredMessage', 'stx_signTransaction'],
  });
  for (const list of ['btc_providers', 'wbip_providers']) {
    const existing = Array.isArray(w[list]) ? (w[list] as { id?: string }[]) : [];
    if (!existing.some((p) => p?.id === BITCOIN_PROVIDER_ID)) w[list] = [...existing, entry];
  }
};
