/**
 * The WebLN family's handler driven as the dApp router drives it, with a DappContext
 * built here (its approve() records what the window would show and approves or
 * rejects), against the devnet's real parts: lnurl-node, a Nostr relay and the NIP-47
 * wallet service settling on the devnet ledger.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { HDKey } from '@scure/bip32';
import { generateMnemonic } from '@scure/bip39';
import { mnemonicToSeedSync } from '../../helpers/bip39-seed';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { bech32 } from '@scure/base';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { DappError, type ApprovalContent, type DappContext } from '../../../src/dapp/family';
import { FAMILY_HANDLERS } from '../../../src/dapp/registry';
import { WEBLN_HANDLER } from '../../../src/dapp/webln/handler';
import { decodeBolt11 } from '../../../src/layers/lightning/bolt11';
import { linkingPublicKey } from '../../../src/layers/lightning/lnurl-auth';
import { messageSigningPubkey } from '../../../src/layers/lightning/message-signing';
import { LIGHTNING_MODULE } from '../../../src/layers/lightning/module';
import type { WebSocketLike } from '../../../src/layers/lightning/nostr/relay';
import { NwcConnections } from '../../../src/layers/lightning/nwc-connections';
import type { ServiceDeps } from '../../../src/layers/types';
import type { ApprovalRow } from '../../../src/shared/dapp/approval-view';
import { HttpClient } from '../../../src/shared/http';
import { findPreset } from '../../../src/shared/networks';
import { DevLightningLedger, type DevNode } from '../../devnet/lightning/ledger';
import { startLnurlServer, type LnurlDevServer } from '../../devnet/lightning/lnurl-server';
import { startNwcWalletService, type NwcWalletService } from '../../devnet/lightning/nwc-wallet-service';
import { startNostrRelay, type DevRelay } from '../../devnet/nostr-relay';
import { lndRecover } from '../../helpers/lnd-message';
import { MemoryArea } from '../../helpers/memory-ports';

const webSocket = (url: string) => new WebSocket(url) as unknown as WebSocketLike;

let relay: DevRelay;
let ledger: DevLightningLedger;
let walletNode: DevNode;
let nwc: NwcWalletService;
let lnurl: LnurlDevServer;

beforeAll(async () => {
  relay = await startNostrRelay();
  ledger = new DevLightningLedger('bcrt');
  walletNode = ledger.addNode('nwc-wallet', 50_000_000n);
  nwc = await startNwcWalletService({ relayUrl: relay.url, ledger, node: walletNode });
  lnurl = await startLnurlServer({ ledger, serviceBalanceMsat: 10_000_000_000n });
});

afterAll(async () => {
  await nwc?.stop();
  await lnurl?.stop();
  await relay?.stop();
});

interface Wallet {
  deps: ServiceDeps<'lightning'>;
  /** What each approval showed, in order. */
  shown: { method: string; content: ApprovalContent }[];
  /** The user's answer to the next approvals. */
  answer: 'approve' | 'reject';
  ctx: DappContext<'lightning'>;
  close(): Promise<void>;
}

/** A fresh wallet on the devnet preset, with the NWC link connected unless `connected` is false. */
async function wallet(connected = true): Promise<Wallet> {
  const root = HDKey.fromMasterSeed(mnemonicToSeedSync(generateMnemonic(wordlist)));
  const preset = findPreset('lightning', 'devnet')!;
  const session = new MemoryArea();
  const kept = new Map<string, object>();
  const links = new NwcConnections(session, { webSocket, timeoutMs: 5000 });
  kept.set('lightning.nwc', links);
  const deps: ServiceDeps<'lightning'> = {
    root,
    preset,
    store: new MemoryArea(),
    http: (url) => new HttpClient(url, { retries: 0, timeoutMs: 5000 }),
    now: () => Date.now(),
    env: {
      keys: { root, masterBlindingKey: new Uint8Array(32) },
      session,
      hostAccess: { allows: async () => true },
      keep: <T extends object>(key: string, make: () => T) => {
        if (!kept.has(key)) kept.set(key, make());
        return kept.get(key) as T;
      },
    },
  };
  if (connected) await links.connect(root, preset.id, nwc.connectionUri);
  const w: Wallet = {
    deps,
    shown: [],
    answer: 'approve',
    ctx: {
      origin: 'http://127.0.0.1:5173',
      preset,
      account: LIGHTNING_MODULE.account(deps.env.keys, preset),
      service: async () => LIGHTNING_MODULE.service(deps),
      deps: async () => deps,
      approve: async (method, content) => {
        w.shown.push({ method, content });
        if (w.answer === 'reject') throw new DappError('user_rejected', 'The user rejected the request.');
      },
    },
    close: () => links.closeAll(),
  };
  return w;
}

const call = (w: Wallet, method: string, params?: unknown) => WEBLN_HANDLER.methods[method]!(params, w.ctx);

async function refused(p: Promise<unknown>): Promise<DappError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(DappError);
    return err as DappError;
  }
  throw new Error('expected a refusal');
}

function rows(c: ApprovalContent): ApprovalRow[] {
  return c.sections.flatMap((s) => s.rows);
}
function row(c: ApprovalContent, key: string): ApprovalRow | undefined {
  return rows(c).find((r) => r.label.key === key);
}

const payRequests = () => nwc.requests.filter((r) => r.method === 'pay_invoice').length;

let w: Wallet;
beforeEach(async () => {
  nwc.misbehave({});
  w = await wallet();
  return () => w.close();
});

describe('connecting', () => {
  it('is listed in the registry, connects through enable, and shows the funding wallet and the signing key', async () => {
    expect(FAMILY_HANDLERS.webln).toBe(WEBLN_HANDLER);
    expect(WEBLN_HANDLER.connecting).toEqual(['enable']);
    expect(WEBLN_HANDLER.open).toEqual([]);
    const content = await WEBLN_HANDLER.connectContent(w.ctx);
    expect(row(content, 'webln_row_funding')).toMatchObject({ value: 'devnet@127.0.0.1 (Nostr Wallet Connect)' });
    expect(row(content, 'webln_row_signing_key')).toEqual({ kind: 'address', label: { key: 'webln_row_signing_key' }, value: messageSigningPubkey(w.deps.root), ours: true });
    expect(WEBLN_HANDLER.grants(w.ctx).map((g) => g.key)).toEqual(['webln_grant_ask', 'webln_grant_see']);
    expect(await call(w, 'enable')).toEqual({ enabled: true });
  });

  it("getInfo names the NWC wallet's node (NIP-47 get_info) and the methods; getBalance is its balance in whole sats", async () => {
    const info = (await call(w, 'getInfo')) as { node: { alias: string; pubkey: string }; methods: string[] };
    expect(info.node).toMatchObject({ alias: 'nwc-wallet', pubkey: walletNode.pubkey });
    expect(info.methods).toEqual(expect.arrayContaining(['sendPayment', 'makeInvoice', 'signMessage', 'getBalance']));
    expect(info.methods).not.toContain('keysend');
    expect(await call(w, 'getBalance')).toEqual({ balance: Number(walletNode.balanceMsat / 1000n), currency: 'sats' });
    expect(w.shown).toEqual([]);
  });

  it('without a connected NWC wallet, getInfo names the signing key and payments are refused before any window opens', async () => {
    const bare = await wallet(false);
    try {
      expect(await call(bare, 'getInfo')).toMatchObject({ node: { alias: 'Layerhop', pubkey: messageSigningPubkey(bare.deps.root) } });
      const bill = ledger.createInvoice(lnurl.node, 5_000n, { description: 'nothing to pay with' });
      const err = await refused(call(bare, 'sendPayment', { paymentRequest: bill.invoice }));
      expect(err).toMatchObject({ refusal: 'internal', message: expect.stringMatching(/No Lightning wallet is connected.*nothing was sent/) });
      expect(bare.shown).toEqual([]);
      expect((await refused(call(bare, 'getBalance'))).refusal).toBe('internal');
    } finally {
      await bare.close();
    }
  });
});

describe('sendPayment', () => {
  it('shows the decoded invoice, pays it through NWC on approval and answers the preimage the ledger settled with', async () => {
    const bill = ledger.createInvoice(lnurl.node, 21_000n, { description: 'devnet coffee', expirySeconds: 600 });
    const before = walletNode.balanceMsat;
    const paid = (await call(w, 'sendPayment', { paymentRequest: bill.invoice })) as { preimage: string };
    expect(bytesToHex(sha256(hexToBytes(paid.preimage)))).toBe(bill.paymentHash);
    expect(paid.preimage).toBe(bill.preimage);
    expect(ledger.invoices.get(bill.paymentHash)!.state).toBe('settled');
    expect(before - walletNode.balanceMsat).toBe(21_000n + ledger.feeMsat);

    expect(w.shown).toHaveLength(1);
    const { method, content } = w.shown[0]!;
    expect(method).toBe('sendPayment');
    expect(content.summary.key).toBe('webln_pay_summary');
    expect(row(content, 'webln_row_amount')).toEqual({ kind: 'amount', label: { key: 'webln_row_amount' }, value: '21000', decimals: 3, unit: 'sats', outgoing: true });
    expect(row(content, 'webln_row_description')).toMatchObject({ value: 'devnet coffee' });
    expect(row(content, 'webln_row_payee')).toMatchObject({ kind: 'address', value: lnurl.node.pubkey });
    expect(row(content, 'webln_row_expires')).toMatchObject({ value: new Date(bill.expiresAt * 1000).toISOString().replace('.000Z', 'Z') });
    expect(row(content, 'webln_row_payment_hash')).toMatchObject({ value: bill.paymentHash });
    // The payment is in the Lightning activity like one made from the popup.
    const list = await (await w.ctx.service()).paymentsList();
    expect(list.find((p) => p.id === bill.paymentHash)).toMatchObject({ status: 'confirmed', direction: 'out' });
  });

  it('rejected in the window: the page gets user_rejected and nothing reaches the NWC wallet', async () => {
    const bill = ledger.createInvoice(lnurl.node, 7_000n, { description: 'refused' });
    const before = payRequests();
    w.answer = 'reject';
    const err = await refused(call(w, 'sendPayment', { paymentRequest: bill.invoice }));
    expect(err.refusal).toBe('user_rejected');
    expect(WEBLN_HANDLER.error(err.refusal, err.message)).toEqual({ code: 4001, message: 'User rejected' });
    expect(payRequests()).toBe(before);
    expect(ledger.invoices.get(bill.paymentHash)!.state).toBe('pending');
  });

  it('refuses an invoice of another network as wrong_network, an expired one, an amountless one and junk, before any window', async () => {
    const testnet = ledger.createInvoice(lnurl.node, 1_000n, { currency: 'tb', description: 'testnet' });
    const wrong = await refused(call(w, 'sendPayment', { paymentRequest: testnet.invoice }));
    expect(wrong.refusal).toBe('wrong_network');
    expect(wrong.message).toMatch(/Bitcoin testnet.*Local devnet.*Nothing was paid/);
    expect(WEBLN_HANDLER.error(wrong.refusal, wrong.message).code).toBe(4901);

    const old = ledger.createInvoice(lnurl.node, 1_000n, { timestamp: Math.floor(Date.now() / 1000) - 7200, expirySeconds: 60 });
    expect(await refused(call(w, 'sendPayment', { paymentRequest: old.invoice }))).toMatchObject({ refusal: 'invalid_params', message: expect.stringMatching(/expired/) });
    const open = ledger.createInvoice(lnurl.node, null, { description: 'any amount' });
    expect(await refused(call(w, 'sendPayment', { paymentRequest: open.invoice }))).toMatchObject({ refusal: 'invalid_params', message: expect.stringMatching(/amount open/) });
    // A forged invoice (one character changed): its signature no longer matches.
    const forged = testnet.invoice.slice(0, 30) + (testnet.invoice[30] === 'q' ? 'p' : 'q') + testnet.invoice.slice(31);
    expect((await refused(call(w, 'sendPayment', { paymentRequest: forged }))).refusal).toBe('invalid_params');
    expect((await refused(call(w, 'sendPayment', { paymentRequest: 12 }))).refusal).toBe('invalid_params');
    expect(w.shown).toEqual([]);
  });

  it('the same invoice sent twice at once is paid once; the second gets invalid_params', async () => {
    const bill = ledger.createInvoice(lnurl.node, 3_000n, { description: 'twice' });
    const before = payRequests();
    const results = await Promise.allSettled([call(w, 'sendPayment', { paymentRequest: bill.invoice }), call(w, 'sendPayment', { paymentRequest: bill.invoice })]);
    const ok = results.filter((r) => r.status === 'fulfilled');
    const no = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(ok).toHaveLength(1);
    expect(no).toHaveLength(1);
    expect(no[0]!.reason).toMatchObject({ refusal: 'invalid_params' });
    expect(payRequests()).toBe(before + 1);
    expect(ledger.payments.filter((p) => p.paymentHash === bill.paymentHash)).toHaveLength(1);
  });

  it('a wallet service claiming a payment with a made-up preimage: the page gets an error, never that preimage', async () => {
    const bill = ledger.createInvoice(lnurl.node, 4_000n, { description: 'lied about' });
    nwc.misbehave({ fakePreimage: true });
    const err = await refused(call(w, 'sendPayment', { paymentRequest: bill.invoice }));
    expect(err.refusal).toBe('internal');
    expect(err.message).toMatch(/proof of payment did not match/);
    expect(err.message).not.toMatch(/devnet@/);
    expect(ledger.invoices.get(bill.paymentHash)!.state).toBe('pending');
    const list = await (await w.ctx.service()).paymentsList();
    expect(list.find((p) => p.id === bill.paymentHash)).toMatchObject({ status: 'unknown' });
    // And it is not paid again while its fate is unknown.
    nwc.misbehave({});
    const again = await refused(call(w, 'sendPayment', { paymentRequest: bill.invoice }));
    expect(again.message).not.toMatch(/devnet@/);
    expect(ledger.invoices.get(bill.paymentHash)!.state).toBe('pending');
  });

  it('keysend is refused as unsupported (4200)', async () => {
    const err = await refused(call(w, 'keysend', { destination: walletNode.pubkey, amount: 10 }));
    expect(WEBLN_HANDLER.error(err.refusal, err.message).code).toBe(4200);
  });
});

describe('makeInvoice', () => {
  it('shows the amount, makes the invoice through NWC make_invoice and checks it is for that amount on this network', async () => {
    const made = (await call(w, 'makeInvoice', { amount: '1234', defaultMemo: 'refund for order 7' })) as { paymentRequest: string };
    const inv = decodeBolt11(made.paymentRequest);
    expect(inv).toMatchObject({ currency: 'bcrt', amountMsat: 1_234_000n, payee: walletNode.pubkey, description: 'refund for order 7' });
    expect(row(w.shown[0]!.content, 'webln_row_amount')).toEqual({ kind: 'amount', label: { key: 'webln_row_amount' }, value: '1234000', decimals: 3, unit: 'sats' });
    expect(await refused(call(w, 'makeInvoice', { amount: 0.5 }))).toMatchObject({ refusal: 'invalid_params' });
    w.answer = 'reject';
    expect((await refused(call(w, 'makeInvoice', { amount: 5 }))).refusal).toBe('user_rejected');
    expect(nwc.requests.filter((r) => r.method === 'make_invoice')).toHaveLength(1);
  });
});

describe('signMessage / verifyMessage', () => {
  it("signs on approval in LND's format: an independent verifier recovers the wallet's message key", async () => {
    const message = 'Sign in to shop.example at 2026-12-01T22:40Z';
    const signed = (await call(w, 'signMessage', { message })) as { message: string; signature: string };
    expect(signed.message).toBe(message);
    expect(lndRecover(message, signed.signature)).toBe(messageSigningPubkey(w.deps.root));
    expect(row(w.shown[0]!.content, 'webln_row_message')).toEqual({ kind: 'message', label: { key: 'webln_row_message' }, value: message });
    expect(await call(w, 'verifyMessage', { signature: signed.signature, message })).toBeNull();
    // Another wallet's signature, or another message, does not verify.
    const other = await wallet(false);
    try {
      const theirs = (await call(other, 'signMessage', { message })) as { signature: string };
      expect((await refused(call(w, 'verifyMessage', { signature: theirs.signature, message }))).message).toMatch(/not by this wallet's message key/);
      expect((await refused(call(w, 'verifyMessage', { signature: signed.signature, message: `${message}!` }))).refusal).toBe('invalid_params');
    } finally {
      await other.close();
    }
    w.answer = 'reject';
    expect((await refused(call(w, 'signMessage', { message: 'no' }))).refusal).toBe('user_rejected');
  });
});

describe('lnurl', () => {
  it('pays a pay link the least it accepts, after showing the service and that amount', async () => {
    const link = await lnurl.createPayLink({ minSendable: 2_000, maxSendable: 1_000_000, metadata: JSON.stringify([['text/plain', 'Tip jar']]) });
    const before = lnurl.node.balanceMsat;
    const res = (await call(w, 'lnurl', { lnurl: link.encoded })) as { status: string; preimage: string };
    expect(res.status).toBe('OK');
    expect(lnurl.node.balanceMsat - before).toBe(2_000n);
    const shown = w.shown[0]!.content;
    expect(shown.summary.key).toBe('webln_lnurl_pay_summary');
    expect(row(shown, 'webln_row_amount')).toMatchObject({ value: '2000', outgoing: true });
    expect(row(shown, 'webln_row_description')).toMatchObject({ value: 'Tip jar' });
    expect(shown.warnings?.map((x) => x.key)).toEqual(['webln_warn_lnurl_least']);
  });

  it('withdraws the most a withdraw link offers into the NWC wallet', async () => {
    const link = await lnurl.createWithdrawLink({ minWithdrawable: 1_000, maxWithdrawable: 9_000, defaultDescription: 'Faucet' });
    const before = walletNode.balanceMsat;
    expect(await call(w, 'lnurl', { lnurl: link.encoded })).toMatchObject({ status: 'OK' });
    expect(row(w.shown[0]!.content, 'webln_row_amount')).toMatchObject({ value: '9000' });
    await expect.poll(() => walletNode.balanceMsat - before, { timeout: 5000 }).toBe(9_000n);
  });

  it("logs in with the service's LUD-05 linking key, which the server verified", async () => {
    const challenge = await lnurl.createAuthChallenge('login');
    expect(await call(w, 'lnurl', { lnurl: challenge.encoded })).toEqual({ status: 'OK' });
    const key = linkingPublicKey(w.deps.root, '127.0.0.1');
    expect(row(w.shown[0]!.content, 'webln_row_linking_key')).toMatchObject({ value: key, ours: true });
    expect(lnurl.logins.map((l) => l.key)).toContain(key);
  });

  it("a site not on this machine cannot make the wallet reach this machine's services through an LNURL", async () => {
    // Any local service stands for what a page must not reach: it only counts the requests it gets.
    const hits: string[] = [];
    const local = createServer((req, res) => {
      hits.push(req.url ?? '');
      res.end('{}');
    });
    await new Promise<void>((r) => local.listen(0, '127.0.0.1', () => r()));
    try {
      const port = (local.address() as AddressInfo).port;
      const encode = (url: string) => bech32.encode('lnurl', bech32.toWords(new TextEncoder().encode(url)), 2000);
      w.ctx.origin = 'https://shop.example';
      const err = await refused(call(w, 'lnurl', { lnurl: encode(`http://127.0.0.1:${port}/admin/reset?tag=withdrawRequest`) }));
      expect(err.refusal).toBe('invalid_params');
      expect(err.message).toMatch(/this machine/);
      // The devnet's own pay link is on 127.0.0.1 too: refused for this site, with nothing asked of the server.
      const link = await lnurl.createPayLink({ minSendable: 1_000, maxSendable: 1_000, metadata: JSON.stringify([['text/plain', 'Local']]) });
      expect((await refused(call(w, 'lnurl', { lnurl: link.encoded }))).message).toMatch(/this machine/);
      expect(hits).toEqual([]);
      expect(w.shown).toEqual([]);
    } finally {
      await new Promise((r) => local.close(r));
    }
  });

  it('rejected: nothing is paid', async () => {
    const link = await lnurl.createPayLink({ minSendable: 1_000, maxSendable: 1_000, metadata: JSON.stringify([['text/plain', 'No']]) });
    const before = payRequests();
    w.answer = 'reject';
    expect((await refused(call(w, 'lnurl', { lnurl: link.encoded }))).refusal).toBe('user_rejected');
    expect(payRequests()).toBe(before);
  });
});
