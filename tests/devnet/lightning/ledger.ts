/**
 * A stand-in Lightning network for tests: nodes with balances and the invoices
 * they issued. No real Lightning node installs from npm, so payments settle here,
 * with the checks a real node makes (signature, network, expiry, amount, one
 * payment per invoice). Invoices are encoded, signed and decoded with the
 * independent `bolt11` package, never with the wallet's own decoder.
 */
import { createHash, randomBytes } from 'node:crypto';
import * as bolt11 from 'bolt11';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToHex } from '@noble/hashes/utils.js';

export type DevCurrency = 'bc' | 'tb' | 'bcrt';

const NETWORKS: Record<DevCurrency, { bech32: string; pubKeyHash: number; scriptHash: number; validWitnessVersions: number[] }> = {
  bc: { bech32: 'bc', pubKeyHash: 0x00, scriptHash: 0x05, validWitnessVersions: [0, 1] },
  tb: { bech32: 'tb', pubKeyHash: 0x6f, scriptHash: 0xc4, validWitnessVersions: [0, 1] },
  bcrt: { bech32: 'bcrt', pubKeyHash: 0x6f, scriptHash: 0xc4, validWitnessVersions: [0, 1] },
};

export interface DevNode {
  name: string;
  privateKey: string;
  pubkey: string;
  balanceMsat: bigint;
}

export interface DevInvoice {
  invoice: string;
  paymentHash: string;
  preimage: string;
  amountMsat: bigint | null;
  payee: string;
  description?: string;
  descriptionHash?: string;
  createdAt: number;
  expiresAt: number;
  /** `accepted`: a hold invoice whose payment is locked in flight until the payee settles or cancels it. */
  state: 'pending' | 'accepted' | 'settled' | 'cancelled';
  settledAt?: number;
  paidBy?: string;
  /** A hold invoice: the payee chose the payment hash and learns the preimage later (Boltz reverse swaps). */
  hold?: boolean;
}

interface HeldPayment {
  payer: DevNode;
  amountMsat: bigint;
  resolve(p: DevPayment): void;
  reject(err: Error): void;
}

export interface DevPayment {
  paymentHash: string;
  payer: string;
  amountMsat: bigint;
  feeMsat: bigint;
  preimage: string;
}

export class LightningLedgerError extends Error {}

export class DevLightningLedger {
  readonly nodes = new Map<string, DevNode>();
  readonly invoices = new Map<string, DevInvoice>();
  readonly payments: DevPayment[] = [];
  private readonly held = new Map<string, HeldPayment>();

  constructor(
    readonly currency: DevCurrency,
    /** Routing fee charged to the payer per payment. */
    readonly feeMsat = 1_000n,
  ) {}

  addNode(name: string, balanceMsat = 0n): DevNode {
    const priv = secp256k1.utils.randomSecretKey();
    const node = { name, privateKey: bytesToHex(priv), pubkey: bytesToHex(secp256k1.getPublicKey(priv, true)), balanceMsat };
    this.nodes.set(node.pubkey, node);
    return node;
  }

  /** Issues a signed invoice from `node`, on this ledger's network or another (for wrong-network tests). */
  createInvoice(
    node: DevNode,
    amountMsat: bigint | null,
    opts: { description?: string; descriptionHash?: string; expirySeconds?: number; currency?: DevCurrency; timestamp?: number } = {},
  ): DevInvoice {
    const preimage = randomBytes(32);
    const paymentHash = createHash('sha256').update(preimage).digest('hex');
    const timestamp = opts.timestamp ?? Math.floor(Date.now() / 1000);
    const expiry = opts.expirySeconds ?? 3600;
    const tags: { tagName: string; data: unknown }[] = [
      { tagName: 'payment_hash', data: paymentHash },
      { tagName: 'payment_secret', data: randomBytes(32).toString('hex') },
      { tagName: 'expire_time', data: expiry },
      { tagName: 'min_final_cltv_expiry', data: 40 },
    ];
    if (opts.descriptionHash) tags.push({ tagName: 'purpose_commit_hash', data: opts.descriptionHash });
    else tags.push({ tagName: 'description', data: opts.description ?? '' });
    const unsigned = bolt11.encode({
      network: NETWORKS[opts.currency ?? this.currency],
      ...(amountMsat === null ? {} : { millisatoshis: amountMsat.toString() }),
      timestamp,
      tags: tags as never,
    });
    const signed = bolt11.sign(unsigned, node.privateKey);
    const inv: DevInvoice = {
      invoice: signed.paymentRequest!,
      paymentHash,
      preimage: preimage.toString('hex'),
      amountMsat,
      payee: node.pubkey,
      ...(opts.description !== undefined ? { description: opts.description } : {}),
      ...(opts.descriptionHash ? { descriptionHash: opts.descriptionHash } : {}),
      createdAt: timestamp,
      expiresAt: timestamp + expiry,
      state: 'pending',
    };
    this.invoices.set(paymentHash, inv);
    return inv;
  }

  /**
   * Issues a hold invoice for a payment hash the payee chose without knowing its
   * preimage yet (as a Boltz reverse swap does with the client's hash). A payment
   * to it stays in flight (`accepted`) until settleHold() reveals the preimage or
   * cancelHold() bounces it back to the payer.
   */
  createHoldInvoice(node: DevNode, paymentHash: string, amountMsat: bigint, opts: { description?: string; expirySeconds?: number } = {}): DevInvoice {
    if (!/^[0-9a-f]{64}$/.test(paymentHash)) throw new LightningLedgerError('payment hash must be 32 bytes of hex');
    if (this.invoices.has(paymentHash)) throw new LightningLedgerError('an invoice with this payment hash exists already');
    const timestamp = Math.floor(Date.now() / 1000);
    const expiry = opts.expirySeconds ?? 3600;
    const unsigned = bolt11.encode({
      network: NETWORKS[this.currency],
      millisatoshis: amountMsat.toString(),
      timestamp,
      tags: [
        { tagName: 'payment_hash', data: paymentHash },
        { tagName: 'payment_secret', data: randomBytes(32).toString('hex') },
        { tagName: 'expire_time', data: expiry },
        { tagName: 'min_final_cltv_expiry', data: 40 },
        { tagName: 'description', data: opts.description ?? '' },
      ] as never,
    });
    const signed = bolt11.sign(unsigned, node.privateKey);
    const inv: DevInvoice = {
      invoice: signed.paymentRequest!,
      paymentHash,
      preimage: '',
      amountMsat,
      payee: node.pubkey,
      description: opts.description ?? '',
      createdAt: timestamp,
      expiresAt: timestamp + expiry,
      state: 'pending',
      hold: true,
    };
    this.invoices.set(paymentHash, inv);
    return inv;
  }

  /**
   * Pays like a node's pay call that returns when the payment resolves: at once for
   * ordinary invoices, and for a hold invoice only once the payee settles it
   * (rejects if the payee cancels it). The payer's funds leave when the HTLC is
   * accepted, and come back on cancel.
   */
  payAsync(payer: DevNode, invoice: string, amountMsat?: bigint): Promise<DevPayment> {
    let known: DevInvoice;
    try {
      known = this.check(payer, invoice, amountMsat).known;
      if (!known.hold) return Promise.resolve(this.pay(payer, invoice, amountMsat));
    } catch (err) {
      return Promise.reject(err);
    }
    if (known.state === 'accepted') return Promise.reject(new LightningLedgerError('a payment to this invoice is in flight already'));
    const amount = known.amountMsat!;
    payer.balanceMsat -= amount + this.feeMsat;
    known.state = 'accepted';
    known.paidBy = payer.pubkey;
    return new Promise((resolve, reject) => this.held.set(known.paymentHash, { payer, amountMsat: amount, resolve, reject }));
  }

  /** The payee of a hold invoice reveals the preimage: the held payment completes. */
  settleHold(paymentHash: string, preimage: string): DevPayment {
    const inv = this.invoices.get(paymentHash);
    const held = this.held.get(paymentHash);
    if (!inv?.hold || !held || inv.state !== 'accepted') throw new LightningLedgerError('no accepted payment to settle');
    if (createHash('sha256').update(Buffer.from(preimage, 'hex')).digest('hex') !== paymentHash) throw new LightningLedgerError('preimage does not match the payment hash');
    this.held.delete(paymentHash);
    this.nodes.get(inv.payee)!.balanceMsat += held.amountMsat;
    inv.state = 'settled';
    inv.preimage = preimage;
    inv.settledAt = Math.floor(Date.now() / 1000);
    const payment = { paymentHash, payer: held.payer.pubkey, amountMsat: held.amountMsat, feeMsat: this.feeMsat, preimage };
    this.payments.push(payment);
    held.resolve(payment);
    return payment;
  }

  /** The payee of a hold invoice gives up: the held payment returns to the payer, fee included. */
  cancelHold(paymentHash: string): void {
    const inv = this.invoices.get(paymentHash);
    const held = this.held.get(paymentHash);
    if (inv?.hold && inv.state !== 'settled') inv.state = 'cancelled';
    if (!held) return;
    this.held.delete(paymentHash);
    held.payer.balanceMsat += held.amountMsat + this.feeMsat;
    held.reject(new LightningLedgerError('the payee cancelled the payment'));
  }

  private check(payer: DevNode, invoice: string, amountMsat?: bigint): { known: DevInvoice; amount: bigint } {
    const decoded = bolt11.decode(invoice, NETWORKS[this.currency]);
    const hash = decoded.tagsObject.payment_hash;
    const known = hash ? this.invoices.get(hash) : undefined;
    if (!known || known.invoice !== invoice.toLowerCase()) throw new LightningLedgerError('no route to the payee');
    if (decoded.payeeNodeKey !== known.payee) throw new LightningLedgerError('invoice signature does not match the payee');
    if (known.state === 'settled') throw new LightningLedgerError('invoice already paid');
    if (known.state === 'cancelled') throw new LightningLedgerError('invoice cancelled');
    if (Date.now() / 1000 >= known.expiresAt) throw new LightningLedgerError('invoice expired');
    const amount = known.amountMsat ?? amountMsat;
    if (amount === undefined || amount <= 0n) throw new LightningLedgerError('amount required');
    if (known.amountMsat !== null && amountMsat !== undefined && amountMsat !== known.amountMsat) {
      throw new LightningLedgerError('amount differs from the invoice');
    }
    if (payer.balanceMsat < amount + this.feeMsat) throw new LightningLedgerError('insufficient balance');
    return { known, amount };
  }

  /** Pays an invoice from `payer`, the way a node would: decode, verify, route, settle. */
  pay(payer: DevNode, invoice: string, amountMsat?: bigint): DevPayment {
    const decoded = bolt11.decode(invoice, NETWORKS[this.currency]);
    const hash = decoded.tagsObject.payment_hash;
    const known = hash ? this.invoices.get(hash) : undefined;
    if (!known || known.invoice !== invoice.toLowerCase()) throw new LightningLedgerError('no route to the payee');
    if (decoded.payeeNodeKey !== known.payee) throw new LightningLedgerError('invoice signature does not match the payee');
    if (known.state === 'settled') throw new LightningLedgerError('invoice already paid');
    if (known.hold) throw new LightningLedgerError('hold invoice: the payment resolves only when the payee settles it (use payAsync)');
    if (Date.now() / 1000 >= known.expiresAt) throw new LightningLedgerError('invoice expired');
    const amount = known.amountMsat ?? amountMsat;
    if (amount === undefined || amount <= 0n) throw new LightningLedgerError('amount required');
    if (known.amountMsat !== null && amountMsat !== undefined && amountMsat !== known.amountMsat) {
      throw new LightningLedgerError('amount differs from the invoice');
    }
    if (payer.balanceMsat < amount + this.feeMsat) throw new LightningLedgerError('insufficient balance');
    payer.balanceMsat -= amount + this.feeMsat;
    this.nodes.get(known.payee)!.balanceMsat += amount;
    known.state = 'settled';
    known.settledAt = Math.floor(Date.now() / 1000);
    known.paidBy = payer.pubkey;
    const payment = { paymentHash: known.paymentHash, payer: payer.pubkey, amountMsat: amount, feeMsat: this.feeMsat, preimage: known.preimage };
    this.payments.push(payment);
    return payment;
  }

  invoice(paymentHash: string): DevInvoice | undefined {
    return this.invoices.get(paymentHash);
  }
}
