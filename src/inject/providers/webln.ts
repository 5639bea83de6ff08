/**
 * `window.webln`, the WebLNProvider the `webln` package's requestProvider() finds and
 * enables (webln.guide). Every method is one request to the wallet; the page learns
 * only what the wallet answers. An existing `window.webln` (another wallet) is left alone.
 */
import type { PageTransport, ProviderInstaller } from '../transport';

type Args = Record<string, unknown>;

const INVOICE_FIELDS = ['amount', 'defaultAmount', 'minimumAmount', 'maximumAmount', 'defaultMemo'] as const;

function weblnProvider(transport: PageTransport) {
  const call = (method: string, params?: Args) => transport.request('webln', method, params);
  const provider = {
    /** Alby's flags; some pages read one, some the other. */
    enabled: false,
    isEnabled: false,
    async enable(): Promise<{ enabled: true }> {
      await call('enable');
      provider.enabled = provider.isEnabled = true;
      return { enabled: true };
    },
    getInfo: () => call('getInfo'),
    sendPayment: (paymentRequest: string) => call('sendPayment', { paymentRequest }),
    keysend: (args: Args) => call('keysend', args),
    /** A bare amount (number or string) means `{ amount }`, as in Alby's provider. */
    makeInvoice(args: string | number | Args) {
      const given: Args = typeof args === 'object' && args !== null ? args : { amount: args };
      const picked: Args = {};
      for (const k of INVOICE_FIELDS) if (given[k] !== undefined) picked[k] = given[k];
      return call('makeInvoice', picked);
    },
    signMessage: (message: string) => call('signMessage', { message }),
    async verifyMessage(signature: string, message: string): Promise<void> {
      await call('verifyMessage', { signature, message });
    },
    lnurl: (lnurl: string) => call('lnurl', { lnurl }),
    getBalance: () => call('getBalance'),
  };
  return provider;
}

export const installWebln: ProviderInstaller = (transport, page) => {
  const w = page as Window & { webln?: unknown };
  if (w.webln !== undefined) return;
  w.webln = weblnProvider(transport);
};
