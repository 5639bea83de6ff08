/**
 * LightningService against the `lnurl` npm server (lnurl-node, memory store) on
 * 127.0.0.1. Payments settle on the devnet ledger: the wallet's funding source and
 * the server's Lightning backend are both ledger nodes, so a payment is visible as
 * a settled invoice on the server's side and a balance change on both.
 */
import lnurl from 'lnurl';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { HostGatedHttpClient } from '../../../../src/layers/lightning/host-access';
import { signAuthChallenge, linkingPublicKey } from '../../../../src/layers/lightning/lnurl-auth';
import { LightningService } from '../../../../src/layers/lightning/service';
import { DevLightningLedger, type DevNode } from '../../../devnet/lightning/ledger';
import { LedgerFunding } from '../../../devnet/lightning/ledger-funding';
import { startLnurlServer, type LnurlDevServer } from '../../../devnet/lightning/lnurl-server';
import { startLudExtrasServer, type LudExtrasServer } from '../../../devnet/lightning/lud-extras-server';
import { lightningDeps } from '../../../helpers/lightning-deps';
import { MemoryArea } from '../../../helpers/memory-ports';
import { refusal } from '../../../helpers/refusal';
import { englishOf } from '../../../helpers/english-of';

const METADATA = JSON.stringify([['text/plain', 'Coffee for the devnet'], ['text/long-desc', 'One cup, paid over LNURL.']]);

let ledger: DevLightningLedger;
let server: LnurlDevServer;
let extras: LudExtrasServer;
let walletNode: DevNode;

beforeAll(async () => {
  ledger = new DevLightningLedger('bcrt');
  server = await startLnurlServer({ ledger });
  extras = await startLudExtrasServer(server, ledger, server.node);
});

afterAll(async () => {
  await extras?.stop();
  await server?.stop();
});

beforeEach(() => {
  server.setTamper('none');
  walletNode = ledger.addNode('wallet', 5_000_000n);
});

function service() {
  const deps = lightningDeps('devnet');
  const funding = new LedgerFunding(ledger, walletNode);
  return { deps, funding, ln: new LightningService(deps, funding) };
}

describe('LNURL-pay (LUD-06, -09, -12) against lnurl-node', () => {
  it('inspects, previews and pays a bech32 LNURL with a comment and a message success action', async () => {
    const { ln, funding } = service();
    const link = await server.createPayLink({
      minSendable: 1000,
      maxSendable: 200_000,
      metadata: METADATA,
      commentAllowed: 20,
      successAction: { tag: 'message', message: 'Thanks for the coffee!' },
    });
    const target = await ln.inspect(`lightning:${link.encoded.toUpperCase()}`);
    expect(target).toMatchObject({
      kind: 'lnurl-pay',
      via: 'lightning-uri',
      domain: '127.0.0.1',
      minSendableMsat: 1000n,
      maxSendableMsat: 200_000n,
      description: 'Coffee for the devnet',
      longDescription: 'One cup, paid over LNURL.',
      commentAllowed: 20,
      origins: [server.url],
    });

    const preview = await ln.payPreview({ text: link.encoded, amountMsat: 21_000n, comment: 'two sugars' });
    expect(preview).toMatchObject({ kind: 'lnurl-pay', amountMsat: 21_000n, maxFeeMsat: 10_000n, destination: '127.0.0.1', balanceMsat: 5_000_000n });

    const serviceBefore = server.node.balanceMsat;
    const paid = await ln.pay({ text: link.encoded, amountMsat: 21_000n, comment: 'two sugars' });
    expect(paid.amountMsat).toBe(21_000n);
    expect(paid.feeMsat).toBe(ledger.feeMsat);
    expect(paid.successAction).toEqual({ tag: 'message', message: 'Thanks for the coffee!' });
    // The server's node was paid and saw the comment; the invoice is settled on its side.
    expect(server.node.balanceMsat - serviceBefore).toBe(21_000n);
    expect(server.comments).toContain('two sugars');
    expect(ledger.invoice(paid.paymentHash)?.state).toBe('settled');
    expect(walletNode.balanceMsat).toBe(5_000_000n - 21_000n - ledger.feeMsat);
    expect(funding.paid).toHaveLength(1);

    const [record] = await ln.paymentsList();
    expect(record).toMatchObject({ id: paid.paymentHash, direction: 'out', kind: 'lnurl-pay', status: 'confirmed', amountMsat: 21_000n, comment: 'two sugars' });
    const overview = await ln.overview();
    expect(overview.balances).toEqual([{ asset: 'BTC', symbol: 'sats', decimals: 3, confirmed: walletNode.balanceMsat.toString(), pending: '0' }]);
    expect(overview.activity[0]).toMatchObject({ id: paid.paymentHash, status: 'confirmed', amount: '21000', fee: '1000' });
  });

  it('pays the LUD-17 lnurlp:// form of the same kind of link', async () => {
    const { ln } = service();
    const link = await server.createPayLink({ minSendable: 1000, maxSendable: 10_000, metadata: METADATA });
    const lud17 = link.url.replace(/^http:/, 'lnurlp:');
    const paid = await ln.pay({ text: lud17, amountMsat: 5_000n });
    expect(ledger.invoice(paid.paymentHash)?.state).toBe('settled');
  });

  it('refuses amounts outside min/max and over-long comments before asking for an invoice', async () => {
    const { ln, funding } = service();
    const link = await server.createPayLink({ minSendable: 2000, maxSendable: 3000, metadata: METADATA, commentAllowed: 5 });
    expect((await refusal(ln.pay({ text: link.encoded, amountMsat: 1000n }))).code).toBe('bad_amount');
    expect((await refusal(ln.payPreview({ text: link.encoded, amountMsat: 3001n }))).message).toMatch(/between 2 sats and 3 sats/);
    expect((await refusal(ln.pay({ text: link.encoded, amountMsat: 2000n, comment: 'far too long' }))).code).toBe('bad_memo');
    expect(funding.paid).toHaveLength(0);
  });

  const tampered: [Parameters<LnurlDevServer['setTamper']>[0], string, RegExp][] = [
    ['amount', 'invoice_mismatch', /invoice for 3 sats instead of the 2 sats you chose/],
    ['description-hash', 'invoice_mismatch', /does not match the payment description/],
    ['network', 'wrong_network', /Bitcoin mainnet/],
    ['expired', 'invoice_expired', /expired/],
  ];
  for (const [tamper, code, message] of tampered) {
    it(`refuses an invoice with the wrong ${tamper} before any payment`, async () => {
      const { ln, funding } = service();
      const link = await server.createPayLink({ minSendable: 1000, maxSendable: 10_000, metadata: METADATA });
      server.setTamper(tamper);
      const paymentsBefore = ledger.payments.length;
      const err = await refusal(ln.pay({ text: link.encoded, amountMsat: 2000n }));
      expect(err.code).toBe(code);
      expect(err.message).toMatch(message);
      expect(funding.paid).toHaveLength(0);
      expect(ledger.payments.length).toBe(paymentsBefore);
      expect(walletNode.balanceMsat).toBe(5_000_000n);
      expect(await ln.paymentsList()).toEqual([]);
    });
  }

  it("refuses lnurl-node's own dummy backend, whose invoices are always mainnet lnbc", async () => {
    const dummy = await startLnurlServer({ dummyBackend: true });
    try {
      const { ln, funding } = service();
      const link = await dummy.createPayLink({ minSendable: 1000, maxSendable: 10_000, metadata: METADATA });
      const err = await refusal(ln.pay({ text: link.encoded, amountMsat: 2000n }));
      expect(err.code).toBe('wrong_network');
      expect(err.message).toMatch(/lnbc/);
      expect(funding.paid).toHaveLength(0);
    } finally {
      await dummy.stop();
    }
  });

  it('refuses to pay more than the funding source holds', async () => {
    const { ln } = service();
    walletNode.balanceMsat = 5_000n;
    const link = await server.createPayLink({ minSendable: 1000, maxSendable: 100_000, metadata: METADATA });
    expect((await refusal(ln.pay({ text: link.encoded, amountMsat: 50_000n }))).code).toBe('insufficient_funds');
  });

  it('says so when no funding source is connected', async () => {
    const ln = new LightningService(lightningDeps('devnet'));
    const link = await server.createPayLink({ minSendable: 1000, maxSendable: 100_000, metadata: METADATA });
    const preview = await ln.payPreview({ text: link.encoded, amountMsat: 2000n });
    expect(preview.funding).toBeNull();
    expect(preview.warnings.map(englishOf).join(' ')).toMatch(/No Lightning wallet is connected/);
    expect((await refusal(ln.pay({ text: link.encoded, amountMsat: 2000n }))).code).toBe('no_funding');
    expect((await refusal(ln.receive())).code).toBe('unsupported');
  });
});

describe('Lightning Address (LUD-16), payer data (LUD-18), aes success action (LUD-10)', () => {
  it('pays name@host through the lnurl-node pay link behind /.well-known/lnurlp/name', async () => {
    const { ln } = service();
    const address = extras.address('alice');
    const target = await ln.inspect(address);
    expect(target).toMatchObject({ kind: 'lnurl-pay', lightningAddress: address, identifier: address, description: 'Pay alice' });
    expect(target.origins).toEqual([extras.url, server.url]);
    const paid = await ln.pay({ text: address, amountMsat: 3000n, comment: 'hi alice' });
    expect(paid.destination).toBe(address);
    expect(ledger.invoice(paid.paymentHash)?.state).toBe('settled');
    expect(server.comments).toContain('hi alice');
  });

  it('commits payer data to the description hash and opens the aes secret with the preimage', async () => {
    const { ln } = service();
    const text = `${extras.url}/lud18`;
    const target = await ln.inspect(text);
    expect(target).toMatchObject({ kind: 'lnurl-pay', payerData: { name: { mandatory: false }, email: { mandatory: false } } });
    const paid = await ln.pay({ text, amountMsat: 4000n, payerData: { name: 'Satoshi', pubkey: '02ab' } });
    expect(extras.payerData.at(-1)).toBe('{"name":"Satoshi"}'); // pubkey was not asked for, so not sent
    expect(paid.successAction).toEqual({ tag: 'aes', description: 'Your redeem code', plaintext: extras.secret });
  });

  it('never signs a LUD-18 login without the login confirmation, and signs for the named domain once confirmed', async () => {
    const { ln, funding, deps } = service();
    const text = `${extras.url}/lud18-auth`;
    const sent = extras.payerData.length;
    const err = await refusal(ln.pay({ text, amountMsat: 4000n }));
    expect(extras.payerData.length).toBe(sent);
    expect(funding.paid).toHaveLength(0);
    expect(err.message).toMatch(/requires a login to 127\.0\.0\.1.*confirm.*nothing was sent/i);
    expect((await refusal(ln.payPreview({ text, amountMsat: 4000n }))).message).toMatch(/Confirm the login/);

    // The confirmation step names the domain and the key; only it lets the next payment sign.
    const target = await ln.inspect(text);
    expect(target).toMatchObject({ kind: 'lnurl-pay', payerAuth: { mandatory: true, domain: '127.0.0.1', linkingKey: linkingPublicKey(deps.root, '127.0.0.1') } });
    expect(await ln.confirmPayerAuth(text)).toEqual({ domain: '127.0.0.1', linkingKey: linkingPublicKey(deps.root, '127.0.0.1') });
    await ln.payPreview({ text, amountMsat: 4000n });
    const paid = await ln.pay({ text, amountMsat: 4000n });
    expect(ledger.invoice(paid.paymentHash)?.state).toBe('settled');
    const auth = (JSON.parse(extras.payerData.at(-1)!) as { auth: { key: string; k1: string; sig: string } }).auth;
    expect(auth.key).toBe(linkingPublicKey(deps.root, '127.0.0.1'));
    expect(lnurl.verifyAuthorizationSignature(auth.sig, auth.k1, auth.key)).toBe(true);

    // One confirmation, one signature.
    expect((await refusal(ln.pay({ text, amountMsat: 4000n }))).message).toMatch(/Confirm the login/);
    expect(extras.payerData.length).toBe(sent + 1);
  });

  it('pays without a login when the service only offers one and the user did not confirm it', async () => {
    const { ln } = service();
    const sent = extras.payerData.length;
    const paid = await ln.pay({ text: `${extras.url}/lud18-auth-optional`, amountMsat: 4000n });
    expect(ledger.invoice(paid.paymentHash)?.state).toBe('settled');
    expect(extras.payerData.length).toBe(sent);
  });

  it('keeps the opened aes secret in session storage, never in local storage', async () => {
    const deps = lightningDeps('devnet');
    const session = new MemoryArea();
    const funding = new LedgerFunding(ledger, walletNode);
    const ln = new LightningService(deps, funding, { session });
    const paid = await ln.pay({ text: `${extras.url}/lud18`, amountMsat: 4000n });
    expect(paid.successAction).toEqual({ tag: 'aes', description: 'Your redeem code', plaintext: extras.secret });
    expect(deps.store.dump()).not.toContain(extras.secret);
    expect(session.dump()).toContain(extras.secret);
    expect((await ln.paymentsList())[0]?.successAction).toEqual({ tag: 'aes', description: 'Your redeem code', plaintext: extras.secret });
    // After a browser restart (a new session) the record remains, without the secret.
    const restarted = new LightningService(deps, funding, { session: new MemoryArea() });
    expect((await restarted.paymentsList())[0]?.successAction).toEqual({ tag: 'aes', description: 'Your redeem code' });
  });

  it('stops when a mandatory payer field is missing', async () => {
    const { ln, funding } = service();
    const err = await refusal(ln.pay({ text: `${extras.url}/lud18-email-required`, amountMsat: 4000n }));
    expect(err.code).toBe('bad_params');
    expect(err.message).toMatch(/requires your email address/);
    expect(funding.paid).toHaveLength(0);
  });
});

describe('redirects', () => {
  it('follows none: a Lightning Address answered with a redirect to another origin is refused, and that origin hears nothing', async () => {
    const other = await startLudExtrasServer(server, ledger, server.node);
    const served = () => [...other.hits.values()].reduce((a, b) => a + b, 0);
    try {
      // Only the address's own host is granted, as after the popup asked for it.
      const access = { allows: async (u: URL) => u.origin !== other.url };
      const deps = { ...lightningDeps('devnet'), http: (base: string) => new HostGatedHttpClient(base, access, { retries: 0, timeoutMs: 5000 }) };
      const ln = new LightningService(deps, new LedgerFunding(ledger, walletNode));
      extras.misbehave({ redirectAddressesTo: other.url });
      const err = await refusal(ln.inspect(extras.address('alice')));
      expect(served()).toBe(0);
      expect(err.message).toMatch(/answered with a redirect to 127\.0\.0\.1:\d+.*nothing was sent there/);
    } finally {
      extras.misbehave({});
      await other.stop();
    }
  });
});

describe('bolt11 through the service', () => {
  it('pays an invoice from a BIP21 lightning= parameter once, and refuses to pay it twice', async () => {
    const { ln } = service();
    const inv = ledger.createInvoice(server.node, 7000n, { description: 'bip21 test' });
    const uri = `bitcoin:bcrt1qw508d6qejxtdg4y5r3zarvary0c5xw7kygt080?amount=0.00000007&lightning=${inv.invoice.toUpperCase()}`;
    const target = await ln.inspect(uri);
    expect(target).toMatchObject({ kind: 'bolt11', via: 'bip21', amountMsat: 7000n, description: 'bip21 test', payee: server.node.pubkey });
    const paid = await ln.pay({ text: uri });
    expect(paid.paymentHash).toBe(inv.paymentHash);
    expect(ledger.invoice(inv.paymentHash)?.state).toBe('settled');
    expect((await refusal(ln.pay({ text: inv.invoice }))).message).toMatch(/already been paid/);
  });
});

describe('LNURL-withdraw (LUD-03) against lnurl-node', () => {
  it('hands the service an invoice for the chosen amount and follows it to settlement', async () => {
    const { ln } = service();
    const link = await server.createWithdrawLink({ minWithdrawable: 1000, maxWithdrawable: 50_000, defaultDescription: 'Faucet drip' });
    const target = await ln.inspect(link.encoded);
    expect(target).toMatchObject({ kind: 'lnurl-withdraw', minWithdrawableMsat: 1000n, maxWithdrawableMsat: 50_000n, defaultDescription: 'Faucet drip' });
    expect((await refusal(ln.withdraw({ text: link.encoded, amountMsat: 60_000n }))).code).toBe('bad_amount');

    const before = walletNode.balanceMsat;
    const result = await ln.withdraw({ text: link.encoded, amountMsat: 20_000n, waitMs: 3000 });
    expect(result).toMatchObject({ amountMsat: 20_000n, domain: '127.0.0.1', status: 'confirmed' });
    expect(walletNode.balanceMsat - before).toBe(20_000n);
    const inv = ledger.invoice(result.paymentHash)!;
    expect(inv).toMatchObject({ state: 'settled', payee: walletNode.pubkey, paidBy: server.node.pubkey, description: 'Faucet drip' });
    expect((await ln.paymentsList())[0]).toMatchObject({ kind: 'lnurl-withdraw', direction: 'in', status: 'confirmed' });
    // The k1 is single-use: the server refuses a second withdrawal with its own reason.
    const again = await refusal(ln.withdraw({ text: link.encoded, amountMsat: 1000n }));
    expect(again.code).toBe('lnurl_error');
  });
});

describe('LNURL-auth (LUD-04 with LUD-05 keys) against lnurl-node', () => {
  it('shows the domain and action, then logs in with a signature the server verifies', async () => {
    const { ln, deps } = service();
    const challenge = await server.createAuthChallenge('register');
    const preview = await ln.authPreview(challenge.encoded);
    expect(preview).toMatchObject({ kind: 'lnurl-auth', domain: '127.0.0.1', action: 'register' });
    expect(englishOf(preview.actionLabel)).toBe('Create an account at 127.0.0.1');
    expect(preview.linkingKey).toBe(linkingPublicKey(deps.root, '127.0.0.1'));

    const result = await ln.auth(challenge.encoded);
    expect(result).toEqual({ domain: '127.0.0.1', linkingKey: preview.linkingKey });
    expect(server.logins.map((l) => l.key)).toContain(preview.linkingKey);
    // lnurl's own verifier (secp256k1 package) accepts the DER signature, and not for another k1.
    const sig = signAuthChallenge(deps.root, '127.0.0.1', challenge.k1);
    expect(lnurl.verifyAuthorizationSignature(sig.sig, challenge.k1, sig.key)).toBe(true);
    expect(lnurl.verifyAuthorizationSignature(sig.sig, 'ab'.repeat(32), sig.key)).toBe(false);
    // The k1 was consumed: replaying the login is refused by the server.
    expect((await refusal(ln.auth(challenge.encoded))).code).toBe('lnurl_error');
  });

  it('uses a different key per domain (LUD-05) and the server rejects a signature from the wrong key', async () => {
    const { deps } = service();
    expect(linkingPublicKey(deps.root, '127.0.0.1')).not.toBe(linkingPublicKey(deps.root, 'localhost'));
    const challenge = await server.createAuthChallenge();
    const wrong = signAuthChallenge(deps.root, 'localhost', challenge.k1);
    const right = signAuthChallenge(deps.root, '127.0.0.1', challenge.k1);
    const res = await fetch(`${challenge.url}&sig=${wrong.sig}&key=${right.key}`);
    expect(await res.json()).toEqual({ status: 'ERROR', reason: 'Invalid signature' });
  });
});
