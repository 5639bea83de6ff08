/**
 * The chain-side work of a Boltz hop, per currency: finding a lockup, funding one
 * (through the wallet's own layer services, which sign and record their sends),
 * broadcasting our claims and refunds, and reading heights. Bitcoin reads go to
 * the preset's Esplora; Rootstock reads go to its JSON-RPC node.
 */
import { hexToBytes } from '@noble/hashes/utils.js';
import { parseBitcoinAddress } from '../../layers/bitcoin/address';
import { EsploraClient } from '../../layers/bitcoin/esplora';
import type { BitcoinService } from '../../layers/bitcoin/service';
import type { LightningFunding } from '../../layers/lightning/funding';
import { RootstockRpc } from '../../layers/rootstock/rpc';
import type { RootstockService } from '../../layers/rootstock/service';
import { WalletError } from '../../shared/errors';
import type { HttpClient } from '../../shared/http';
import { formatAmount } from '../../shared/units';
import type { HopContext } from '../mechanism';
import type { SwapOutput } from './btc-spend';

export class BtcChain {
  readonly esplora: EsploraClient;
  private readonly http: HttpClient;

  constructor(private readonly ctx: HopContext) {
    const url = ctx.presets.bitcoin.endpoints.esplora;
    if (!url) throw new WalletError('bad_url', 'No Esplora URL is set for this Bitcoin network.');
    this.http = ctx.http(url);
    this.esplora = new EsploraClient(this.http);
  }

  tip(): Promise<number> {
    return this.esplora.tipHeight();
  }

  script(address: string): Uint8Array {
    return parseBitcoinAddress(address, this.ctx.presets.bitcoin.params).script;
  }

  /** The first output paying `address` (mempool included), with its confirmation state. */
  async findLockup(address: string): Promise<(SwapOutput & { confirmed: boolean }) | null> {
    const script = this.script(address);
    const txs = await this.esplora.addressTxs(address);
    // Oldest first: the lockup is the first payment to the address.
    for (const tx of [...txs].reverse()) {
      const vout = tx.vout.findIndex((o) => o.address === address || o.script === toHex(script));
      if (vout >= 0) return { txid: tx.txid, vout, script, value: tx.vout[vout]!.value, confirmed: tx.status.confirmed };
    }
    return null;
  }

  /** The txid that spends an output, or null while it is unspent. */
  async spender(txid: string, vout: number): Promise<string | null> {
    const spends = await this.http.getJson<{ spent: boolean; txid?: string }[]>(`/tx/${txid}/outspends`);
    const s = spends[vout];
    return s?.spent && s.txid ? s.txid : null;
  }

  /** sat/vB for about two blocks; at least 1. */
  async feeRate(): Promise<number> {
    try {
      const est = await this.esplora.feeEstimates();
      const v = est['2'] ?? est['3'] ?? est['6'] ?? 1;
      return Math.max(1, Math.ceil(v));
    } catch {
      return 2;
    }
  }

  async broadcast(hex: string): Promise<string> {
    return this.esplora.broadcast(hex);
  }

  /**
   * Sends exactly `sats` to the lockup address from the wallet's coins. First
   * lets the Bitcoin service finish any send a dead worker left signed, then
   * looks at the address again: a lockup already there is never paid twice.
   */
  async fund(address: string, sats: bigint): Promise<string> {
    const service = await this.ctx.layer<BitcoinService>('bitcoin');
    await service.overview();
    const existing = await this.findLockup(address);
    if (existing) return existing.txid;
    return (await service.send({ to: address, amount: formatAmount(sats, 8), fee: { kind: 'normal' } })).txid;
  }

  /** A fresh address of the wallet for a claim or refund to land on. */
  async payoutAddress(): Promise<string> {
    return (await (await this.ctx.layer<BitcoinService>('bitcoin')).receive()).address;
  }
}

export class RskChain {
  readonly rpc: RootstockRpc;

  constructor(private readonly ctx: HopContext) {
    const url = ctx.presets.rootstock.endpoints.rpc;
    if (!url) throw new WalletError('bad_url', 'No Rootstock RPC URL is set for this network.');
    this.rpc = new RootstockRpc(ctx.http(url));
  }

  service(): Promise<RootstockService> {
    return this.ctx.layer<RootstockService>('rootstock');
  }

  tip(): Promise<number> {
    return this.rpc.blockNumber();
  }

  async receiptOk(hash: string): Promise<boolean | null> {
    const r = await this.rpc.getTransactionReceipt(hash);
    return r ? r.success : null;
  }
}

/**
 * The Lightning funding the context provides (NWC, or a swap source): the hop
 * context's `layer('lightning')` resolves to a LightningFunding.
 */
export async function lightningFunding(ctx: HopContext): Promise<LightningFunding> {
  const f = await ctx.layer<Partial<LightningFunding>>('lightning');
  if (!f || typeof f.payInvoice !== 'function' || typeof f.makeInvoice !== 'function') {
    throw new WalletError('no_funding', 'No Lightning wallet is connected. Connect one to move funds over Lightning.');
  }
  return f as LightningFunding;
}

export function toHex(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

export { hexToBytes };
