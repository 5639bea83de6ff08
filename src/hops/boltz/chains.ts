/**
 * The chain-side work of a Boltz hop, per currency: finding a lockup, funding one
 * (through the wallet's own layer services, which sign and record their sends),
 * broadcasting our claims and refunds, and reading heights. Bitcoin reads go to
 * the preset's Esplora; Rootstock reads go to its JSON-RPC node.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { Transaction as BtcTransaction } from '@scure/btc-signer';
import { parseBitcoinAddress } from '../../layers/bitcoin/address';
import { alreadyOnNetwork, EsploraClient } from '../../layers/bitcoin/esplora';
import { outpointsSpentBy } from '../../layers/bitcoin/held-coins';
import { parseLiquidAddress, scriptToAddress } from '../../layers/liquid/address';
import { chainOf, type ElementsChain } from '../../layers/liquid/chain';
import { LiquidEsplora } from '../../layers/liquid/esplora';
import { Transaction as LiquidTransaction } from '../../layers/liquid/transaction';
import { unblindOutput } from '../../layers/liquid/unblind';
import { rawOutput } from '../../layers/liquid/wallet-state';
import { loadZkp, type ZKP } from '../../layers/liquid/zkp';
import { RootstockRpc } from '../../layers/rootstock/rpc';
import type { EvmHopSide } from '../../layers/hop-sides';
import { WalletError } from '../../shared/errors';
import type { HttpClient } from '../../shared/http';
import type { HopContext } from '../mechanism';
import type { HopRecord } from '../types';
import type { SwapOutput } from './btc-spend';
import type { LiquidLockup } from './liquid-spend';
import { dataOf, withSide } from './record';
import type { UtxoNetwork } from './verify';
import { localText, type LocalText } from '../../shared/local-text';

/** The txid spending output `vout` of `txid` (Esplora's outspends, the same on Bitcoin and Liquid), or null while unspent. */
async function esploraSpender(http: HttpClient, txid: string, vout: number): Promise<string | null> {
  const spends = await http.getJson<{ spent: boolean; txid?: string }[]>(`/tx/${txid}/outspends`);
  const s = spends[vout];
  return s?.spent && s.txid ? s.txid : null;
}

/** An outpoint: a transaction's id and output index. */
export interface Outpoint {
  txid: string;
  vout: number;
}

/**
 * The 32-byte witness item that hashes to `hashHex` (a preimage), or null. A script-path
 * claim of a swap output carries the preimage there; a refund or a key-path spend does not.
 */
export function preimageIn(witness: readonly Uint8Array[], hashHex: string): Uint8Array | null {
  const want = hashHex.toLowerCase();
  return witness.find((w) => w.length === 32 && bytesToHex(sha256(w)) === want) ?? null;
}

/**
 * LOCKUP_TRUST: what a lockup found by `findLockup` rests on. Its output index, script
 * and value come from raw bytes that hash to the txid the address history listed, so
 * a server cannot state a value the transaction does not hold, or serve other bytes.
 * It can still make up a whole self-consistent transaction (valid id, never broadcast)
 * and list it: only a confirmation stops that (claims above the `zeroConfMaxSats` pin
 * wait for one, claim-guard.ts), and the confirmed flag is Esplora's JSON as well.
 * Checking it would take the block's merkle proof (`/tx/:txid/merkle-proof`) against a
 * header chain we verify ourselves (SPV), which the wallet does not do.
 */
function mismatchedTx(host: string, txid: string): WalletError {
  return new WalletError('backend_error', localText('err_server_other_tx', txid), host);
}

/**
 * Broadcasts a claim or refund. Refused because the network already has it (a
 * crash after an earlier broadcast of the same transaction) counts as sent.
 */
async function broadcastOnce(hex: string, txid: string, send: (hex: string) => Promise<string>, lookup: (txid: string) => Promise<unknown>): Promise<string> {
  try {
    return await send(hex);
  } catch (err) {
    // A conflict is another transaction spending the same coins: ours only if the lookup finds it.
    const maybeOurs = alreadyOnNetwork(err) || (err instanceof WalletError && err.code === 'broadcast_rejected' && /txn-mempool-conflict/i.test(err.message));
    if (maybeOurs && (await lookup(txid).catch(() => null))) return txid;
    throw err;
  }
}

export class BtcChain {
  readonly layer = 'bitcoin';
  readonly esplora: EsploraClient;
  private readonly http: HttpClient;

  constructor(private readonly ctx: HopContext) {
    const url = ctx.presets.bitcoin.endpoints.esplora;
    if (!url) throw new WalletError('bad_url', localText('err_no_server_for_layer', localText('layer_bitcoin')));
    this.http = ctx.http(url);
    this.esplora = new EsploraClient(this.http);
  }

  tip(): Promise<number> {
    return this.esplora.tipHeight();
  }

  script(address: string): Uint8Array {
    return parseBitcoinAddress(address, this.ctx.presets.bitcoin.params).script;
  }

  /**
   * The first output paying `address` (mempool included), with its confirmation state.
   * Esplora's JSON only lists the transactions: output index and value come from each
   * one's raw bytes, whose id is checked (see LOCKUP_TRUST).
   */
  async findLockup(address: string): Promise<(SwapOutput & { confirmed: boolean }) | null> {
    const script = this.script(address);
    const want = bytesToHex(script);
    const txs = await this.esplora.addressTxs(address);
    // Oldest first: the lockup is the first payment to the address.
    for (const t of [...txs].reverse()) {
      const tx = await this.rawTx(t.txid);
      for (let vout = 0; vout < tx.outputsLength; vout++) {
        const out = tx.getOutput(vout);
        if (out.script && out.amount !== undefined && bytesToHex(out.script) === want) return { txid: t.txid, vout, script, value: out.amount, confirmed: t.status.confirmed };
      }
    }
    return null;
  }

  /** Transaction `txid` from its raw bytes, refused unless they hash to `txid`. */
  private async rawTx(txid: string): Promise<BtcTransaction> {
    const tx = BtcTransaction.fromRaw(hexToBytes((await this.esplora.txHex(txid)).trim()), { allowUnknownInputs: true, allowUnknownOutputs: true, disableScriptCheck: true });
    if (tx.id !== txid) throw mismatchedTx(this.http.host, txid);
    return tx;
  }

  /** The txid that spends an output, or null while it is unspent. */
  spender(txid: string, vout: number): Promise<string | null> {
    return esploraSpender(this.http, txid, vout);
  }

  /** The witness with which transaction `spender` (read raw, its id checked) spends `outpoint`; null if it does not. */
  async spendWitness(spender: string, outpoint: Outpoint): Promise<Uint8Array[] | null> {
    const tx = await this.rawTx(spender);
    for (let i = 0; i < tx.inputsLength; i++) {
      const input = tx.getInput(i);
      if (input.txid && bytesToHex(input.txid) === outpoint.txid && input.index === outpoint.vout) return input.finalScriptWitness ?? [];
    }
    return null;
  }

  /** Whether a transaction is in a block, as our Esplora shows it (unknown: false). */
  async confirmed(txid: string): Promise<boolean> {
    return (await this.esplora.tx(txid))?.status.confirmed ?? false;
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

  broadcast(hex: string, txid: string): Promise<string> {
    return broadcastOnce(hex, txid, (h) => this.esplora.broadcast(h), (id) => this.esplora.tx(id));
  }

  /**
   * Pays our lockup (the hop's lock side: exactly its amount to its address) from the
   * wallet's coins, once. The signed lockup's txid and hex are saved on the hop before
   * its broadcast, and a hop that has them follows that lockup by txid, sending it
   * again while the network does not know it: it is never paid anew. Otherwise the
   * Bitcoin service first finishes any send a dead worker left signed (and refuses
   * while one cannot go out), then the address is looked at again: a lockup already
   * there is never paid twice. Returns the record with what was saved.
   */
  async fund(record: HopRecord): Promise<{ txid: string; record: HopRecord }> {
    const lock = dataOf(record).lock!;
    if (lock.fundingTxid && lock.fundingHex) {
      if (!(await this.esplora.tx(lock.fundingTxid))) await this.resendLockup(record, lock.fundingHex, lock.fundingTxid);
      return { txid: lock.fundingTxid, record };
    }
    // The look finishes a send a dead worker left signed, so the address shows it.
    const look = await (await this.ctx.side('bitcoin')).lookOnce();
    const existing = await this.findLockup(lock.address);
    if (existing) return { txid: existing.txid, record };
    let r = record;
    const { txid } = await look.pay(lock.address, BigInt(lock.amount), {
      // The lockup is on the hop before it is on the network.
      beforeBroadcast: async (signed) => {
        r = withSide(r, 'lock', { fundingTxid: signed.txid, fundingHex: signed.hex });
        await this.ctx.save?.(r);
      },
    });
    return { txid, record: r };
  }

  /**
   * Sends our saved lockup again. Refused, it stops the hop rather than paying another
   * lockup beside one that may yet confirm, unless it never can: a confirmed transaction
   * spent one of its coins, or the network refused it for a reason that says it has not
   * got it (not "already have it", no conflict), its coins are unspent and the send store
   * does not hold it (a send once accepted is kept there; a refused one is not), so no
   * node was ever given it. Then the hop forgets it: the next advance pays anew while
   * Boltz still waits for a lockup, or ends the swap as unfunded.
   */
  private async resendLockup(record: HopRecord, hex: string, txid: string): Promise<void> {
    try {
      await this.broadcast(hex, txid);
    } catch (err) {
      if (!(err instanceof WalletError && err.code === 'broadcast_rejected')) throw err;
      const forget = async (why: LocalText) => {
        await this.ctx.save?.(withSide(record, 'lock', { fundingTxid: undefined, fundingHex: undefined }));
        return new WalletError('waiting', localText('err_boltz_lockup_forgotten', txid, why));
      };
      // The refusal is already a keyed sentence quoting the node (the Bitcoin layer's broadcast error).
      const refusal = err.text ?? err.message;
      if (await this.coinSpentElsewhere(hex, txid)) throw await forget(localText('hopText_lockup_coins_spent'));
      if (await this.neverGivenOut(err, hex, txid)) throw await forget(localText('hopText_lockup_refused_never_accepted', refusal));
      throw new WalletError('broadcast_rejected', localText('err_boltz_lockup_resend_refused', txid, refusal));
    }
  }

  /** A refusal of `txid` that shows no node has it: not "already have it" nor a conflict, its coins unspent, and no record of it ever being accepted. */
  private async neverGivenOut(refusal: WalletError, hex: string, txid: string): Promise<boolean> {
    if (alreadyOnNetwork(refusal) || /txn-mempool-conflict/i.test(refusal.message)) return false;
    for (const o of outpointsSpentBy(hex)) {
      const [prev, vout] = o.split(':') as [string, string];
      if (await this.spender(prev, Number(vout))) return false;
    }
    return !(await (await this.ctx.side('bitcoin')).holds(txid));
  }

  /**
   * Whether a confirmed transaction other than `txid` spends one of the coins `hex` spends.
   * Esplora's outspends JSON only names a candidate: its raw bytes (id checked) must spend
   * that coin, or a server could have the wallet forget a lockup that may still confirm.
   */
  private async coinSpentElsewhere(hex: string, txid: string): Promise<boolean> {
    for (const o of outpointsSpentBy(hex)) {
      const [prev, vout] = o.split(':') as [string, string];
      const spender = await this.spender(prev, Number(vout));
      if (!spender || spender === txid || !(await this.confirmed(spender))) continue;
      if (await this.spendWitness(spender, { txid: prev, vout: Number(vout) })) return true;
    }
    return false;
  }

  /** Gives up our saved lockup `txid` unless the network has it (true); see BitcoinHopSide.dropUnsent. */
  async dropUnsentLockup(txid: string): Promise<boolean> {
    return (await this.ctx.side('bitcoin')).dropUnsent(txid);
  }

  /** A fresh address of the wallet for a claim or refund to land on. */
  async payoutAddress(): Promise<string> {
    return (await this.ctx.side('bitcoin')).payoutAddress();
  }
}

/**
 * Liquid through the preset's Esplora. Boltz's lockup addresses are confidential;
 * Esplora indexes their unconfidential form, and the output found there is opened
 * with the blinding key Boltz handed out: only L-BTC of the agreed amount counts.
 */
export class LiquidChain {
  readonly layer = 'liquid';
  readonly esplora: LiquidEsplora;
  readonly chain: ElementsChain;

  constructor(private readonly ctx: HopContext) {
    const url = ctx.presets.liquid.endpoints.esplora;
    if (!url) throw new WalletError('bad_url', localText('err_no_server_for_layer', localText('layer_liquid')));
    this.esplora = new LiquidEsplora(ctx.http(url));
    this.chain = chainOf(ctx.presets.liquid.params);
  }

  zkp(): Promise<ZKP> {
    return loadZkp();
  }

  tip(): Promise<number> {
    return this.esplora.tipHeight();
  }

  /** Script and blinding public key of an address of this network. */
  destination(address: string): { script: Uint8Array; blindingKey?: Uint8Array } {
    const d = parseLiquidAddress(address, this.ctx.presets.liquid.params);
    return { script: d.script, blindingKey: d.blindingKey };
  }

  /**
   * The first L-BTC output paying the lockup (mempool included), opened with `blindingKey`,
   * read from raw bytes whose id is checked (see LOCKUP_TRUST); `value` is its opened amount.
   */
  async findLockup(address: string, blindingKey: string | undefined): Promise<(LiquidLockup & { value: bigint; confirmed: boolean }) | null> {
    const { script } = this.destination(address);
    const lookup = scriptToAddress(script, this.ctx.presets.liquid.params);
    if (!lookup) throw new WalletError('internal', localText('err_hop_internal', localText('hopText_boltz_lockup_no_address')));
    const key = blindingKey ? hexToBytes(blindingKey) : null;
    for (const t of [...(await this.esplora.addressTxs(lookup))].reverse()) {
      const tx = await this.rawTx(t.txid);
      for (let vout = 0; vout < tx.outs.length; vout++) {
        if (bytesToHex(tx.outs[vout]!.script) !== bytesToHex(script)) continue;
        const output = rawOutput(tx, vout);
        const opened = unblindOutput(output, key);
        // Another asset, or blinded to a key we were not given: not a lockup we can sweep.
        if (!opened || opened.asset !== this.chain.policyAsset) continue;
        return { txid: t.txid, vout, output, opened, value: opened.value, confirmed: t.status.confirmed };
      }
    }
    return null;
  }

  spender(txid: string, vout: number): Promise<string | null> {
    return esploraSpender(this.esplora.http, txid, vout);
  }

  /** The witness with which transaction `spender` (read raw, its id checked) spends `outpoint`; null if it does not. */
  async spendWitness(spender: string, outpoint: Outpoint): Promise<Uint8Array[] | null> {
    const tx = await this.rawTx(spender);
    for (const input of tx.ins) {
      if (bytesToHex(Uint8Array.from(input.hash).reverse()) === outpoint.txid && input.index === outpoint.vout) return input.witness.map((w) => new Uint8Array(w));
    }
    return null;
  }

  /** Transaction `txid` from its raw bytes, refused unless they hash to `txid`. */
  private async rawTx(txid: string): Promise<LiquidTransaction> {
    const tx = LiquidTransaction.fromHex(await this.esplora.txHex(txid));
    if (tx.getId() !== txid) throw mismatchedTx(this.esplora.http.host, txid);
    return tx;
  }

  async confirmed(txid: string): Promise<boolean> {
    return (await this.esplora.tx(txid)).status.confirmed;
  }

  async feeRate(): Promise<number> {
    try {
      return await this.esplora.feeRate();
    } catch {
      return 0.1;
    }
  }

  broadcast(hex: string, txid: string): Promise<string> {
    return broadcastOnce(hex, txid, (h) => this.esplora.broadcast(h), (id) => this.esplora.tx(id));
  }

  /**
   * Pays our lockup (the hop's lock side: exactly its amount of L-BTC to its address) from
   * the wallet's coins, once. As on Bitcoin, the signed lockup's txid and hex are saved on
   * the hop before its broadcast, and a hop that has them follows that lockup by txid (an
   * Esplora hiding it from the lockup's address cannot get a second one paid), sending it
   * again while the network does not know it. Otherwise the Liquid service first reconciles
   * its pending sends, the address is looked at, and a send to it a dead worker left signed
   * is sent again: a lockup already there is never paid twice. Returns the record with what was saved.
   */
  async fund(record: HopRecord): Promise<{ txid: string; record: HopRecord }> {
    const lock = dataOf(record).lock!;
    if (lock.fundingTxid && lock.fundingHex) {
      if (!(await this.knows(lock.fundingTxid))) await this.resendLockup(lock.fundingHex, lock.fundingTxid);
      return { txid: lock.fundingTxid, record };
    }
    const side = await this.ctx.side('liquid');
    await side.settle();
    const existing = await this.findLockup(lock.address, lock.blindingKey);
    if (existing) return { txid: existing.txid, record };
    const resent = await side.resendPendingTo(lock.address);
    if (resent) return { txid: resent, record };
    let r = record;
    const { txid } = await side.pay(lock.address, BigInt(lock.amount), {
      // The lockup is on the hop before it is on the network.
      beforeBroadcast: async (signed) => {
        r = withSide(r, 'lock', { fundingTxid: signed.txid, fundingHex: signed.hex });
        await this.ctx.save?.(r);
      },
    });
    return { txid, record: r };
  }

  /** Whether our Esplora has transaction `txid` (unknown or unreadable: false, and it is sent again). */
  async knows(txid: string): Promise<boolean> {
    return this.esplora.tx(txid).then(
      () => true,
      () => false,
    );
  }

  /** Sends our saved lockup again; refused, the hop stops rather than pay another lockup beside one that may yet confirm. */
  private async resendLockup(hex: string, txid: string): Promise<void> {
    try {
      await this.broadcast(hex, txid);
    } catch (err) {
      if (!(err instanceof WalletError && err.code === 'broadcast_rejected')) throw err;
      throw new WalletError('broadcast_rejected', localText('err_boltz_lockup_resend_refused', txid, err.text ?? err.message));
    }
  }

  /** A fresh confidential address of the wallet for a claim or refund to land on. */
  async payoutAddress(): Promise<string> {
    return (await this.ctx.side('liquid')).payoutAddress();
  }
}

export class RskChain {
  readonly rpc: RootstockRpc;

  constructor(private readonly ctx: HopContext) {
    const url = ctx.presets.rootstock.endpoints.rpc;
    if (!url) throw new WalletError('bad_url', localText('err_no_server_for_layer', localText('layer_rootstock')));
    this.rpc = new RootstockRpc(ctx.http(url));
  }

  service(): Promise<EvmHopSide> {
    return this.ctx.side('rootstock');
  }

  tip(): Promise<number> {
    return this.rpc.blockNumber();
  }

  async receiptOk(hash: string): Promise<boolean | null> {
    const r = await this.rpc.getTransactionReceipt(hash);
    return r ? r.success : null;
  }
}

/** What creating a swap needs of a UTXO chain: its tip, an address of ours on it, and its network for address checks. */
export interface UtxoChain {
  tip(): Promise<number>;
  payoutAddress(): Promise<string>;
  net: UtxoNetwork;
}

const UTXO_CHAINS: { [L in 'bitcoin' | 'liquid']: (ctx: HopContext) => UtxoChain } = {
  bitcoin: (ctx) => {
    const c = new BtcChain(ctx);
    return { tip: () => c.tip(), payoutAddress: () => c.payoutAddress(), net: { kind: 'bitcoin', params: ctx.presets.bitcoin.params } };
  },
  liquid: (ctx) => {
    const c = new LiquidChain(ctx);
    return { tip: () => c.tip(), payoutAddress: () => c.payoutAddress(), net: { kind: 'liquid', params: ctx.presets.liquid.params } };
  },
};

export function utxoChain(ctx: HopContext, currency: 'BTC' | 'L-BTC'): UtxoChain {
  return UTXO_CHAINS[currency === 'BTC' ? 'bitcoin' : 'liquid'](ctx);
}

/**
 * Where a sweep of one side pays out: the first candidate that is an address of
 * that chain (a side's own, then the hop's, which in a chain swap may be of the
 * other chain), else a fresh address of the wallet.
 */
export async function payoutOn(candidates: readonly (string | undefined)[], parse: (address: string) => unknown, fresh: () => Promise<string>): Promise<string> {
  for (const a of candidates) {
    if (!a) continue;
    try {
      parse(a);
      return a;
    } catch {
      // not an address of this chain
    }
  }
  return fresh();
}

export { hexToBytes };
