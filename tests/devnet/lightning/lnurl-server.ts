/**
 * The `lnurl` npm package (lnurl-node) serving real LNURL-pay, -withdraw and -auth
 * on 127.0.0.1, with its in-memory store. Its `dummy` Lightning backend always
 * issues mainnet `lnbc` invoices (it passes no network to its invoice encoder and
 * has no option for one), so the server's backend is replaced by one that issues
 * invoices on the ledger's network and settles them there. `tamper` makes that
 * backend misbehave the ways a hostile service could (wrong amount, wrong
 * description hash, wrong network), to test the wallet's refusals.
 */
import lnurl, { type GeneratedUrl } from 'lnurl';
import type { AddressInfo } from 'node:net';
import { DevLightningLedger, type DevCurrency, type DevNode } from './ledger';

export type Tamper = 'none' | 'amount' | 'description-hash' | 'network' | 'expired';

export interface LnurlDevServer {
  url: string;
  ledger: DevLightningLedger;
  /** The service's own node: receives LNURL-pay, pays LNURL-withdraw. */
  node: DevNode;
  /** Makes the next invoices misbehave. */
  setTamper(t: Tamper): void;
  createPayLink(params: { minSendable: number; maxSendable: number; metadata: string; commentAllowed?: number; successAction?: object }): Promise<GeneratedUrl>;
  /** `uses`: how many withdrawals the link allows (lnurl-node's option; 0: unlimited; 1 by default). */
  createWithdrawLink(params: { minWithdrawable: number; maxWithdrawable: number; defaultDescription: string }, opts?: { uses?: number }): Promise<GeneratedUrl>;
  createAuthChallenge(action?: 'register' | 'login' | 'link' | 'auth'): Promise<GeneratedUrl & { k1: string }>;
  /** Linking keys the server accepted (its `login` event, after its own signature check). */
  logins: { key: string; hash: string }[];
  /** Comments received with LNURL-pay callbacks. */
  comments: string[];
  stop(): Promise<void>;
}

class LedgerBackend extends lnurl.LightningBackend {
  tamper: Tamper = 'none';
  constructor(
    private readonly ledger: DevLightningLedger,
    private readonly node: DevNode,
  ) {
    super('devnet-ledger', {}, { defaultOptions: {}, requiredOptions: [] });
  }
  getNodeUri() {
    return Promise.resolve(`${this.node.pubkey}@127.0.0.1:9735`);
  }
  openChannel() {
    return Promise.reject(new Error('channels are not supported on the devnet ledger'));
  }
  addInvoice(amount: number, extra: { description?: string; descriptionHash?: string }) {
    return Promise.resolve().then(() => {
      let amountMsat = BigInt(amount);
      let descriptionHash = extra.descriptionHash;
      const opts: Parameters<DevLightningLedger['createInvoice']>[2] = {};
      if (this.tamper === 'amount') amountMsat += 1000n;
      if (this.tamper === 'description-hash') descriptionHash = '00'.repeat(32);
      if (this.tamper === 'network') opts.currency = 'bc';
      if (this.tamper === 'expired') opts.timestamp = Math.floor(Date.now() / 1000) - 7200;
      const inv = this.ledger.createInvoice(this.node, amountMsat, { ...opts, ...(descriptionHash ? { descriptionHash } : { description: extra.description ?? '' }) });
      return { id: null, invoice: inv.invoice };
    });
  }
  payInvoice(invoice: string) {
    return Promise.resolve().then(() => ({ id: null, preimage: this.ledger.pay(this.node, invoice).preimage }));
  }
  getInvoiceStatus(paymentHash: string) {
    const inv = this.ledger.invoice(paymentHash);
    return Promise.resolve({ preimage: inv?.state === 'settled' ? inv.preimage : null, settled: inv?.state === 'settled' });
  }
  getBalance() {
    return Promise.resolve(Number(this.node.balanceMsat / 1000n));
  }
}

export interface LnurlServerOptions {
  port?: number;
  currency?: DevCurrency;
  ledger?: DevLightningLedger;
  serviceBalanceMsat?: bigint;
  /** Keep lnurl-node's own `dummy` backend (mainnet `lnbc` invoices that settle nowhere). */
  dummyBackend?: boolean;
}

export async function startLnurlServer(opts: LnurlServerOptions = {}): Promise<LnurlDevServer> {
  const ledger = opts.ledger ?? new DevLightningLedger(opts.currency ?? 'bcrt');
  const node = ledger.addNode('lnurl-service', opts.serviceBalanceMsat ?? 10_000_000n);
  // `port` must be truthy for lnurl-node's option check; the real port comes from listen() below.
  const server = lnurl.createServer({
    host: '127.0.0.1',
    port: opts.port || 1,
    listen: false,
    cors: true,
    lightning: { backend: 'dummy', config: {} },
    store: { backend: 'memory', config: { noWarning: true } },
  });
  const backend = new LedgerBackend(ledger, node);
  if (!opts.dummyBackend) server.ln = backend;
  await server.onReady();
  await new Promise<void>((resolve, reject) => {
    server.app.webServer.once('error', reject);
    server.app.webServer.listen(opts.port ?? 0, '127.0.0.1', () => resolve());
  });
  const port = (server.app.webServer.address() as AddressInfo).port;
  const url = `http://127.0.0.1:${port}`;
  server.options.url = url;
  const logins: { key: string; hash: string }[] = [];
  const comments: string[] = [];
  server.on('login', (e) => logins.push({ key: String(e.key), hash: String(e.hash) }));
  server.on('payRequest:action:processed', (e) => {
    const params = e.params as { comment?: string };
    if (params.comment) comments.push(params.comment);
  });
  return {
    url,
    ledger,
    node,
    setTamper: (t) => {
      backend.tamper = t;
    },
    // successAction goes in as an object: given as a string, lnurl-node stores and returns the string.
    createPayLink: (params) => server.generateNewUrl('payRequest', params, { uses: 0 }),
    createWithdrawLink: (params, opts) => server.generateNewUrl('withdrawRequest', params, opts?.uses === undefined ? undefined : { uses: opts.uses }),
    createAuthChallenge: async (action) => {
      const made = await server.generateNewUrl('login', {});
      const k1 = new URL(made.url).searchParams.get('k1')!;
      if (!action) return { ...made, k1 };
      const withAction = `${made.url}&action=${action}`;
      return { ...made, url: withAction, encoded: lnurl.encode(withAction), k1 };
    },
    logins,
    comments,
    stop: () => server.close({ force: true }),
  };
}
