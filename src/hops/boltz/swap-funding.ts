/**
 * Lightning without a node: a LightningFunding whose payments are Boltz
 * submarine swaps from on-chain BTC and whose invoices are Boltz reverse swaps
 * landing on BTC. Both run as ordinary hops in the HopEngine, so they are
 * persisted, resumed after a restart, and refunded or claimed like any other.
 * Amounts at this interface are millisatoshis; swaps move whole sats.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import type { BitcoinService } from '../../layers/bitcoin/service';
import { decodeBolt11 } from '../../layers/lightning/bolt11';
import type { InvoiceStatus, LightningFunding, PaidInvoice } from '../../layers/lightning/funding';
import { WalletError } from '../../shared/errors';
import type { HopEngine } from '../engine';
import type { HopContext } from '../mechanism';
import type { AssetRef, HopRecord, RouteQuote } from '../types';
import type { SubmarinePair } from './api';
import { BTC_LIGHTNING, BTC_ONCHAIN, boltzApi, boltzUrl, counterpartyOf, currencyOf, noBoltzReason } from './assets';
import { percentToPpm, sats, submarineLockFor } from './fees';
import { quoteBoltz } from './quote';
import { dataOf } from './record';

export interface SwapFundingOptions {
  engine: HopEngine;
  /** The hop context of the unlocked wallet (keys, presets, layers). */
  context: () => HopContext | Promise<HopContext>;
  /** How often payInvoice looks at its swap, and how long it waits at most. */
  pollMs?: number;
  timeoutMs?: number;
  sleep?: (ms: number) => Promise<void>;
}

export class BoltzSwapFunding implements LightningFunding {
  readonly kind = 'boltz';
  readonly label = 'Boltz swap from BTC';
  private readonly pollMs: number;
  private readonly timeoutMs: number;
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly opts: SwapFundingOptions) {
    this.pollMs = opts.pollMs ?? 3_000;
    this.timeoutMs = opts.timeoutMs ?? 30 * 60_000;
    this.sleep = opts.sleep ?? ((ms) => new Promise((r) => setTimeout(r, ms)));
  }

  /**
   * Pays through a submarine swap: locks BTC for exactly what Boltz asks for this
   * invoice, waits until Boltz has paid it, and returns Boltz's preimage (checked
   * against the invoice's payment hash). A failed payment is refunded by the hop.
   */
  async payInvoice(invoice: string, opts: { maxFeeMsat?: bigint; amountMsat?: bigint } = {}): Promise<PaidInvoice> {
    const ctx = await this.opts.context();
    const decoded = decodeBolt11(invoice, ctx.presets.lightning.params.bolt11);
    if (decoded.amountMsat === null) throw new WalletError('bad_invoice', 'Swaps pay only invoices that name an amount.');
    if (decoded.amountMsat % 1000n !== 0n) throw new WalletError('bad_invoice', 'Swaps pay only whole-satoshi invoices.');
    const quote = await submarineQuoteForInvoice(ctx, invoice, decoded.amountMsat / 1000n);
    if (!quote.available) throw new WalletError('payment_failed', quote.reason ?? 'Boltz cannot pay this invoice.');
    const feeMsat = (BigInt(quote.send) - BigInt(quote.receive)) * 1000n;
    if (opts.maxFeeMsat !== undefined && feeMsat > opts.maxFeeMsat) {
      throw new WalletError('fee_too_high', `The swap costs ${feeMsat / 1000n} sats in fees, above the ${opts.maxFeeMsat / 1000n} sats allowed.`);
    }
    let record = await this.opts.engine.start(ctx, quote);
    const deadline = ctx.now() + this.timeoutMs;
    while (record.outcome === 'in-progress') {
      if (ctx.now() > deadline) throw new WalletError('timeout', `The swap ${dataOf(record).swapId} is still running; it goes on in the background (refunded if the payment fails).`);
      await this.sleep(this.pollMs);
      record = await this.opts.engine.advance(ctx, record.id);
    }
    if (record.outcome !== 'completed') throw new WalletError('payment_failed', record.lastError ?? `The swap ended as ${record.outcome}; the locked BTC is refunded.`);
    const { preimage } = await boltzApi(ctx, dataOf(record).boltz).http.getJson<{ preimage: string }>(`/swap/submarine/${dataOf(record).swapId}/preimage`);
    if (!/^[0-9a-f]{64}$/i.test(preimage) || bytesToHex(sha256(hexToBytes(preimage))) !== decoded.paymentHash) {
      throw new WalletError('payment_failed', 'Boltz reports the invoice paid but its proof of payment does not match the invoice.');
    }
    return { preimage: preimage.toLowerCase(), feePaidMsat: feeMsat };
  }

  /** An invoice whose payment lands as BTC through a reverse swap (claimed by the hop engine). */
  async makeInvoice(amountMsat: bigint, description: string, _opts: { expirySeconds?: number } = {}): Promise<string> {
    const ctx = await this.opts.context();
    if (amountMsat <= 0n || amountMsat % 1000n !== 0n) throw new WalletError('bad_amount', 'Swap invoices are for whole satoshis.');
    const quote = await quoteBoltz(ctx, 'reverse', BTC_LIGHTNING, BTC_ONCHAIN, amountMsat / 1000n);
    if (!quote.available) throw new WalletError('unsupported', quote.reason ?? 'Boltz cannot make this invoice.');
    const record = await this.opts.engine.start(ctx, { ...quote, terms: { ...quote.terms, externalPayer: true, description } });
    const invoice = dataOf(record).invoice;
    if (!invoice) throw new WalletError('internal', 'The swap has no invoice.');
    return invoice;
  }

  /** The on-chain BTC the swaps draw from, in msat. */
  async getBalance(): Promise<bigint> {
    const ctx = await this.opts.context();
    const overview = await (await ctx.layer<BitcoinService>('bitcoin')).overview();
    const btc = overview.balances.find((b) => b.asset === 'BTC');
    return btc ? BigInt(btc.confirmed) * 1000n : 0n;
  }

  /** State of an invoice made here (reverse swap) or paid here (submarine swap), by payment hash. */
  async lookupInvoice(paymentHash: string): Promise<InvoiceStatus> {
    const hash = paymentHash.toLowerCase();
    const record = (await this.opts.engine.list()).find((r: HopRecord) => dataOf(r).preimageHash === hash);
    if (!record) throw new WalletError('not_found', 'No swap for that payment.');
    if (record.outcome === 'completed') return { state: 'settled', settledAt: Math.floor(record.updatedAt / 1000) };
    if (record.outcome === 'expired') return { state: 'expired' };
    if (record.outcome === 'failed' || record.outcome === 'refunded') return { state: 'failed' };
    return { state: 'pending' };
  }
}

/** A submarine quote for paying exactly this invoice from on-chain BTC or L-BTC (the lock follows from the invoice's amount). */
export async function submarineQuoteForInvoice(ctx: HopContext, invoice: string, invoiceSats: bigint, from: AssetRef = BTC_ONCHAIN): Promise<RouteQuote> {
  const url = boltzUrl(ctx);
  if (!url) throw new WalletError('unsupported', noBoltzReason(ctx));
  const currency = currencyOf(from);
  const pairs = await boltzApi(ctx, url).submarinePairs();
  const pair = pairs[currency]?.BTC as SubmarinePair | undefined;
  if (!pair) throw new WalletError('unsupported', `${counterpartyOf(url)} does not offer swaps from ${currency} to Lightning.`);
  const lock = submarineLockFor(invoiceSats, percentToPpm(pair.fees.percentage), sats(pair.fees.minerFees, 'miner fee'));
  const quote = await quoteBoltz(ctx, 'submarine', from, BTC_LIGHTNING, lock);
  if (quote.available && quote.receive !== invoiceSats.toString()) {
    // The pair changed between the two reads; the next attempt uses fresh numbers.
    throw new WalletError('backend_error', 'Boltz changed its fees while the payment was prepared. Try again.');
  }
  return { ...quote, terms: { ...quote.terms, invoice } };
}
