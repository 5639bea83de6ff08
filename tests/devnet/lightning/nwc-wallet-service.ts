/**
 * A NIP-47 wallet service stand-in: listens on a Nostr relay for kind 23194
 * requests to its key, answers pay_invoice, make_invoice, get_balance and
 * lookup_invoice from a devnet ledger node, and replies with kind 23195. It checks
 * what it receives with nostr-tools (signature, NIP-44 / NIP-04 decryption), an
 * implementation independent of the wallet's own. Follows NIP-47 (nostr-protocol/nips
 * 47.md): its methods, error codes and the kind 13194 info event.
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import { finalizeEvent, generateSecretKey, getPublicKey, verifyEvent, type Event } from 'nostr-tools/pure';
import * as nip04 from 'nostr-tools/nip04';
import * as nip44 from 'nostr-tools/nip44';
import { WebSocket } from 'ws';
import { LightningLedgerError, type DevLightningLedger, type DevNode } from './ledger';

export interface NwcServiceOptions {
  relayUrl: string;
  ledger: DevLightningLedger;
  node: DevNode;
  /** Encryption schemes announced in the info event; null publishes no `encryption` tag (NIP-04 only). */
  encryption?: ('nip44_v2' | 'nip04')[] | null;
  /** Answer with this NIP-47 error code instead of doing the work. */
  failWith?: string;
}

/** Test switches that make the wallet service behave like a slow or lying one. */
export interface NwcMisbehaviour {
  /** Pays at once but sends the pay_invoice answer only this long afterwards (past a client's timeout). */
  payReplyDelayMs?: number;
  /** Answers pay_invoice with a made-up preimage and pays nothing (a wallet service claiming a payment it did not make). */
  fakePreimage?: boolean;
}

export interface NwcWalletService {
  /** nostr+walletconnect://… for the client, with a fresh client secret. */
  connectionUri: string;
  walletPubkey: string;
  clientPubkey: string;
  requests: { method: string; encryption: 'nip44_v2' | 'nip04' }[];
  setFailure(code: string | undefined): void;
  /** Changes how requests from now on are answered; `{}` makes the service honest again. */
  misbehave(m: NwcMisbehaviour): void;
  stop(): Promise<void>;
}

type Json = Record<string, unknown>;

export async function startNwcWalletService(opts: NwcServiceOptions): Promise<NwcWalletService> {
  const walletSecret = generateSecretKey();
  const walletPubkey = getPublicKey(walletSecret);
  const clientSecret = generateSecretKey();
  const clientPubkey = getPublicKey(clientSecret);
  const encryption = opts.encryption === undefined ? ['nip44_v2', 'nip04'] : opts.encryption;
  const requests: NwcWalletService['requests'] = [];
  let failWith = opts.failWith;
  let misbehaviour: NwcMisbehaviour = {};

  const ws = new WebSocket(opts.relayUrl);
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  const send = (msg: unknown[]) => ws.send(JSON.stringify(msg));

  const info = finalizeEvent(
    {
      kind: 13194,
      created_at: Math.floor(Date.now() / 1000),
      tags: encryption ? [['encryption', encryption.join(' ')]] : [],
      content: 'pay_invoice make_invoice get_balance lookup_invoice get_info',
    },
    walletSecret,
  );
  send(['EVENT', info]);
  send(['REQ', 'requests', { kinds: [23194], '#p': [walletPubkey], since: Math.floor(Date.now() / 1000) - 60 }]);

  async function handle(method: string, params: Json): Promise<Json> {
    if (failWith) throw Object.assign(new Error(`devnet wallet refuses: ${failWith}`), { code: failWith });
    const { ledger, node } = opts;
    switch (method) {
      case 'pay_invoice': {
        if (misbehaviour.fakePreimage) return { preimage: bytesToHex(generateSecretKey()), fees_paid: 0 };
        try {
          const p = await ledger.payAsync(node, String(params.invoice), params.amount === undefined ? undefined : BigInt(params.amount as number));
          const delay = misbehaviour.payReplyDelayMs;
          if (delay) await new Promise((r) => setTimeout(r, delay));
          return { preimage: p.preimage, fees_paid: Number(p.feeMsat) };
        } catch (err) {
          const code = err instanceof LightningLedgerError && /balance/.test(err.message) ? 'INSUFFICIENT_BALANCE' : 'PAYMENT_FAILED';
          throw Object.assign(new Error((err as Error).message), { code });
        }
      }
      case 'make_invoice': {
        const inv = ledger.createInvoice(node, BigInt(params.amount as number), {
          description: String(params.description ?? ''),
          ...(typeof params.expiry === 'number' ? { expirySeconds: params.expiry } : {}),
        });
        return { type: 'incoming', state: 'pending', invoice: inv.invoice, payment_hash: inv.paymentHash, amount: Number(inv.amountMsat), created_at: inv.createdAt, expires_at: inv.expiresAt };
      }
      case 'get_balance':
        return { balance: Number(node.balanceMsat) };
      // NIP-47 get_info: the node behind the wallet and the methods this connection may call.
      case 'get_info':
        return { alias: node.name, color: '#f7931a', pubkey: node.pubkey, network: 'regtest', block_height: 0, block_hash: '00'.repeat(32), methods: ['pay_invoice', 'make_invoice', 'get_balance', 'lookup_invoice', 'get_info'] };
      case 'lookup_invoice': {
        const inv = ledger.invoice(String(params.payment_hash));
        if (!inv) throw Object.assign(new Error('invoice not found'), { code: 'NOT_FOUND' });
        // NIP-47 lookup_invoice states: pending, settled, accepted (a held payment), expired, failed.
        const state =
          inv.state === 'settled' ? 'settled' : inv.state === 'accepted' ? 'accepted' : inv.state === 'cancelled' ? 'failed' : Date.now() / 1000 >= inv.expiresAt ? 'expired' : 'pending';
        return {
          type: inv.payee === node.pubkey ? 'incoming' : 'outgoing',
          state,
          invoice: inv.invoice,
          payment_hash: inv.paymentHash,
          amount: Number(inv.amountMsat ?? 0n),
          created_at: inv.createdAt,
          expires_at: inv.expiresAt,
          ...(inv.settledAt ? { settled_at: inv.settledAt, preimage: inv.preimage } : {}),
        };
      }
      default:
        throw Object.assign(new Error(`${method} is not implemented`), { code: 'NOT_IMPLEMENTED' });
    }
  }

  // A NIP-44 conversation key is an ECDH of the two keys: one per peer, not one per request.
  const conversations = new Map<string, Uint8Array>();
  const conversationKey = (peer: string) => conversations.get(peer) ?? conversations.set(peer, nip44.getConversationKey(walletSecret, peer)).get(peer)!;

  ws.on('message', (data) => {
    const msg = JSON.parse(data.toString()) as unknown[];
    if (msg[0] !== 'EVENT' || msg[1] !== 'requests') return;
    const req = msg[2] as Event;
    void (async () => {
      if (!verifyEvent(req) || req.kind !== 23194) return;
      const scheme = req.tags.find((t) => t[0] === 'encryption')?.[1] === 'nip44_v2' ? 'nip44_v2' : 'nip04';
      const conv = conversationKey(req.pubkey);
      const reply = async (body: Json) => {
        const text = JSON.stringify(body);
        const content = scheme === 'nip44_v2' ? nip44.encrypt(text, conv) : nip04.encrypt(walletSecret, req.pubkey, text);
        const ev = finalizeEvent({ kind: 23195, created_at: Math.floor(Date.now() / 1000), tags: [['p', req.pubkey], ['e', req.id]], content }, walletSecret);
        send(['EVENT', ev]);
      };
      let method = 'unknown';
      try {
        if (req.pubkey !== clientPubkey) throw Object.assign(new Error('no wallet is connected to this key'), { code: 'UNAUTHORIZED' });
        if (encryption ? !encryption.includes(scheme) : scheme !== 'nip04') {
          throw Object.assign(new Error(`${scheme} is not supported`), { code: 'UNSUPPORTED_ENCRYPTION' });
        }
        const plain = scheme === 'nip44_v2' ? nip44.decrypt(req.content, conv) : nip04.decrypt(walletSecret, req.pubkey, req.content);
        const body = JSON.parse(plain) as { method: string; params: Json };
        method = body.method;
        requests.push({ method, encryption: scheme });
        await reply({ result_type: method, error: null, result: await handle(method, body.params ?? {}) });
      } catch (err) {
        const code = (err as { code?: string }).code ?? 'INTERNAL';
        await reply({ result_type: method, error: { code, message: (err as Error).message }, result: null });
      }
    })();
  });

  const relayParam = encodeURIComponent(opts.relayUrl);
  return {
    connectionUri: `nostr+walletconnect://${walletPubkey}?relay=${relayParam}&secret=${bytesToHex(clientSecret)}&lud16=devnet%40127.0.0.1`,
    walletPubkey,
    clientPubkey,
    requests,
    setFailure: (code) => {
      failWith = code;
    },
    misbehave: (m) => {
      misbehaviour = { ...m };
    },
    stop: async () => {
      ws.close();
    },
  };
}
