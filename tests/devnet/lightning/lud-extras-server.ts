/**
 * LNURL features lnurl-node does not serve (its README lists LUD-10, -16 and -17 as
 * unsupported, and it has no LUD-18): a small service on 127.0.0.1 built on the
 * shared DevServer, speaking the LUDs' exact JSON. The Lightning Address route
 * hands out a real lnurl-node pay link; the LUD-18/LUD-10 route issues invoices on
 * the devnet ledger and encrypts its secret with node:crypto, independently of the
 * wallet's WebCrypto code. A payer `auth` (LUD-18 login) is checked with lnurl-node's
 * own LUD-04 verifier against a k1 this service issued.
 */
import lnurl from 'lnurl';
import { createCipheriv, createHash, randomBytes } from 'node:crypto';
import { DevServer, HttpReply, Redirect } from '../http-server';
import type { DevLightningLedger, DevNode } from './ledger';
import type { LnurlDevServer } from './lnurl-server';

/** Test switches that make the service misbehave. */
export interface LudExtrasMisbehaviour {
  /** Answer Lightning Address lookups with a redirect to the same path under this origin. */
  redirectAddressesTo?: string;
}

export interface LudExtrasServer {
  url: string;
  /** Requests served, by route (DevServer.hits). */
  hits: Map<string, number>;
  /** Changes how requests from now on are answered; `{}` makes the service honest again. */
  misbehave(m: LudExtrasMisbehaviour): void;
  /** `name@127.0.0.1:port`, served by lnurl-node behind /.well-known/lnurlp/name. */
  address(name: string): string;
  /** The payerdata strings received by the LUD-18 callback, as sent. */
  payerData: string[];
  /** The text the aes success action hides. */
  secret: string;
  stop(): Promise<void>;
}

/**
 * What a Lightning Address accepts: 1 sat to 0.25 BTC, so a move's delivery fits (Boltz's
 * smallest swap to Lightning is thousands of sats; a chained move's last leg delivers any amount).
 */
export const ADDRESS_SENDABLE_MSAT = { min: 1_000, max: 25_000_000_000 } as const;

const META = JSON.stringify([['text/plain', 'Sticker with payer name'], ['text/long-desc', 'A sticker; your name goes on the envelope.']]);

export async function startLudExtrasServer(lnurlServer: LnurlDevServer, ledger: DevLightningLedger, node: DevNode): Promise<LudExtrasServer> {
  const server = new DevServer();
  const url = await server.listen();
  const host = new URL(url).host;
  const payerData: string[] = [];
  const secret = `redeem-${randomBytes(4).toString('hex')}`;
  const addressInfo = new Map<string, unknown>();
  let misbehaviour: LudExtrasMisbehaviour = {};

  server.get('/.well-known/lnurlp/:name', async ({ params, path }) => {
    if (misbehaviour.redirectAddressesTo) return new Redirect(`${misbehaviour.redirectAddressesTo}${path}`);
    const name = params.name!;
    if (!addressInfo.has(name)) {
      const metadata = JSON.stringify([['text/plain', `Pay ${name}`], ['text/identifier', `${name}@${host}`]]);
      const link = await lnurlServer.createPayLink({ minSendable: ADDRESS_SENDABLE_MSAT.min, maxSendable: ADDRESS_SENDABLE_MSAT.max, metadata, commentAllowed: 50 });
      addressInfo.set(name, await (await fetch(link.url)).json());
    }
    return addressInfo.get(name);
  });

  const payRequest = (payer: object) => ({
    tag: 'payRequest',
    callback: `${url}/lud18/callback`,
    minSendable: 1000,
    maxSendable: 100_000,
    metadata: META,
    commentAllowed: 0,
    payerData: payer,
  });
  const issuedK1 = new Set<string>();
  const authRequest = (mandatory: boolean) => {
    const k1 = randomBytes(32).toString('hex');
    issuedK1.add(k1);
    return { mandatory, k1 };
  };
  server.get('/lud18', () => payRequest({ name: { mandatory: false }, email: { mandatory: false } }));
  server.get('/lud18-email-required', () => payRequest({ email: { mandatory: true } }));
  server.get('/lud18-auth', () => payRequest({ name: { mandatory: false }, auth: authRequest(true) }));
  server.get('/lud18-auth-optional', () => payRequest({ auth: authRequest(false) }));
  server.get('/lud18/callback', ({ query }) => {
    const amount = query.get('amount');
    if (!amount || !/^\d+$/.test(amount)) throw new HttpReply(400, { status: 'ERROR', reason: 'amount missing' });
    const pd = query.get('payerdata') ?? '';
    if (pd) payerData.push(pd);
    const auth = pd ? (JSON.parse(pd) as { auth?: { key: string; k1: string; sig: string } }).auth : undefined;
    if (auth && !(issuedK1.delete(auth.k1) && lnurl.verifyAuthorizationSignature(auth.sig, auth.k1, auth.key))) {
      throw new HttpReply(400, { status: 'ERROR', reason: 'payer auth does not verify' });
    }
    // LUD-18 §3: the payer data is appended to the metadata as received, then hashed.
    const descriptionHash = createHash('sha256').update(META + pd, 'utf8').digest('hex');
    const inv = ledger.createInvoice(node, BigInt(amount), { descriptionHash });
    const iv = randomBytes(16);
    const cipher = createCipheriv('aes-256-cbc', Buffer.from(inv.preimage, 'hex'), iv);
    const ciphertext = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
    return {
      pr: inv.invoice,
      routes: [],
      successAction: { tag: 'aes', description: 'Your redeem code', ciphertext: ciphertext.toString('base64'), iv: iv.toString('base64') },
    };
  });

  return {
    url,
    hits: server.hits,
    misbehave: (m) => {
      misbehaviour = { ...m };
    },
    address: (name) => `${name}@${host}`,
    payerData,
    secret,
    stop: () => server.close(),
  };
}
