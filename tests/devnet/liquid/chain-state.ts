/**
 * The stand-in chain: every transaction accepted (broadcasts and faucet mints),
 * which outputs they spend, a mempool and a block height. It renders what an
 * Elements Esplora (Blockstream's electrs) renders: `value`/`asset` for explicit
 * fields, `valuecommitment`/`assetcommitment` for blinded ones, a `fee` output
 * type for the explicit fee, no `*_txo_sum` in address stats.
 */
import { createHash, randomBytes } from 'node:crypto';
import * as laddress from 'liquidjs-lib/src/address';
import type { Network } from 'liquidjs-lib/src/networks';
import * as lscript from 'liquidjs-lib/src/script';
import type { Output, Transaction } from 'liquidjs-lib/src/transaction';
import { decodeTaprootAddress } from './taproot-address';
import { discountVsize } from './verify';

export interface TxStatus {
  confirmed: boolean;
  block_height?: number;
  block_hash?: string;
  block_time?: number;
}

/** A mined block, as electrs src/rest.rs `block/:hash` and `block/:hash/txids` serve it. */
export interface StoredBlock {
  hash: string;
  height: number;
  time: number;
  previousblockhash: string;
  txids: string[];
}

interface StoredTx {
  txid: string;
  tx: Transaction;
  hex: string;
  status: TxStatus;
  /** Faucet mints spend nothing real: their inputs are not looked up. */
  mint: boolean;
  order: number;
}

const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');
const txidOf = (input: { hash: Buffer }) => Buffer.from(input.hash).reverse().toString('hex');

export class LiquidChainState {
  readonly txs = new Map<string, StoredTx>();
  private readonly spentBy = new Map<string, { txid: string; vin: number }>();
  private readonly byScript = new Map<string, Set<string>>();
  height = 100;
  tipHash = hex(randomBytes(32));
  /** Every block by hash, from the starting tip on (the stand-in has no earlier chain). */
  readonly blocks = new Map<string, StoredBlock>([[this.tipHash, { hash: this.tipHash, height: this.height, time: Math.floor(Date.now() / 1000), previousblockhash: hex(randomBytes(32)), txids: [] }]]);
  private order = 0;

  constructor(readonly network: Network) {}

  /** An output of a known transaction, or where it was spent. */
  prevout(txid: string, vout: number): { output: Output } | { spentBy: string } | undefined {
    const stored = this.txs.get(txid);
    const output = stored?.tx.outs[vout];
    if (!output) return undefined;
    const spent = this.spentBy.get(`${txid}:${vout}`);
    return spent ? { spentBy: spent.txid } : { output };
  }

  add(tx: Transaction, mint = false): string {
    const txid = tx.getId();
    if (this.txs.has(txid)) return txid;
    this.txs.set(txid, { txid, tx, hex: tx.toHex(), status: { confirmed: false }, mint, order: this.order++ });
    const touch = (script: Uint8Array) => {
      const key = hex(script);
      if (!this.byScript.has(key)) this.byScript.set(key, new Set());
      this.byScript.get(key)!.add(txid);
    };
    if (!mint) {
      tx.ins.forEach((input, vin) => {
        const prev = `${txidOf(input)}:${input.index}`;
        this.spentBy.set(prev, { txid, vin });
        const spentOut = this.txs.get(txidOf(input))?.tx.outs[input.index];
        if (spentOut) touch(spentOut.script);
      });
    }
    for (const o of tx.outs) if (o.script.length) touch(o.script);
    return txid;
  }

  /** Confirms every mempool transaction in new blocks; returns the new height. */
  mine(blocks = 1): number {
    for (let i = 0; i < blocks; i++) {
      const previousblockhash = this.tipHash;
      this.height++;
      this.tipHash = hex(randomBytes(32));
      const time = Math.floor(Date.now() / 1000);
      const txids: string[] = [];
      for (const t of this.txs.values()) {
        if (t.status.confirmed) continue;
        t.status = { confirmed: true, block_height: this.height, block_hash: this.tipHash, block_time: time };
        txids.push(t.txid);
      }
      this.blocks.set(this.tipHash, { hash: this.tipHash, height: this.height, time, previousblockhash, txids });
    }
    return this.height;
  }

  scriptOf(address: string): Buffer {
    // liquidjs-lib 6.0.1 reads no v1 (Taproot) addresses; Boltz's lockups are such.
    const taproot = decodeTaprootAddress(address);
    if (taproot) return taproot.script;
    return laddress.toOutputScript(address, this.network);
  }

  /** Newest first: mempool by arrival, then confirmed by height. */
  historyOf(script: Uint8Array): StoredTx[] {
    const ids = this.byScript.get(hex(script)) ?? new Set();
    const rank = (t: StoredTx) => (t.status.confirmed ? t.status.block_height! : Number.MAX_SAFE_INTEGER);
    return [...ids].map((id) => this.txs.get(id)!).sort((a, b) => rank(b) - rank(a) || b.order - a.order);
  }

  utxosOf(script: Uint8Array): { txid: string; vout: number; output: Output; status: TxStatus }[] {
    const key = hex(script);
    const out: { txid: string; vout: number; output: Output; status: TxStatus }[] = [];
    for (const t of this.historyOf(script)) {
      t.tx.outs.forEach((o, vout) => {
        if (hex(o.script) === key && !this.spentBy.has(`${t.txid}:${vout}`)) out.push({ txid: t.txid, vout, output: o, status: t.status });
      });
    }
    return out;
  }

  outspends(txid: string): { spent: boolean; txid?: string; vin?: number; status?: TxStatus }[] {
    const t = this.txs.get(txid);
    if (!t) return [];
    return t.tx.outs.map((_, vout) => {
      const s = this.spentBy.get(`${txid}:${vout}`);
      return s ? { spent: true, txid: s.txid, vin: s.vin, status: this.txs.get(s.txid)!.status } : { spent: false };
    });
  }

  statsOf(script: Uint8Array) {
    const key = hex(script);
    const stats = (confirmed: boolean) => {
      let tx_count = 0;
      let funded_txo_count = 0;
      let spent_txo_count = 0;
      for (const t of this.historyOf(script)) {
        if (t.status.confirmed !== confirmed) continue;
        tx_count++;
        funded_txo_count += t.tx.outs.filter((o) => hex(o.script) === key).length;
        if (!t.mint) {
          spent_txo_count += t.tx.ins.filter((i) => {
            const prev = this.txs.get(txidOf(i))?.tx.outs[i.index];
            return prev && hex(prev.script) === key;
          }).length;
        }
      }
      return { tx_count, funded_txo_count, spent_txo_count };
    };
    return { chain_stats: stats(true), mempool_stats: stats(false) };
  }

  voutJson(o: Output) {
    const isFee = o.script.length === 0 && o.value[0] === 0x01 && o.asset[0] === 0x01;
    const json: Record<string, unknown> = {
      scriptpubkey: hex(o.script),
      scriptpubkey_asm: o.script.length ? lscript.toASM(o.script) : '',
      scriptpubkey_type: isFee ? 'fee' : scriptType(o.script),
    };
    if (o.script.length && o.script[0] !== 0x6a) {
      try {
        json.scriptpubkey_address = laddress.fromOutputScript(o.script, this.network);
      } catch {
        /* non-standard: no address */
      }
    }
    if (o.value[0] === 0x01) json.value = Number(o.value.readBigUInt64BE(1));
    else json.valuecommitment = hex(o.value);
    if (o.asset[0] === 0x01) json.asset = Buffer.from(o.asset.subarray(1)).reverse().toString('hex');
    else json.assetcommitment = hex(o.asset);
    return json;
  }

  txJson(txid: string) {
    const t = this.txs.get(txid);
    if (!t) return undefined;
    const { tx } = t;
    let fee = 0;
    for (const o of tx.outs) if (o.script.length === 0 && o.value[0] === 0x01) fee += Number(o.value.readBigUInt64BE(1));
    const vsize = discountVsize(tx);
    return {
      txid,
      version: tx.version,
      locktime: tx.locktime,
      vin: tx.ins.map((input) => {
        const prev = t.mint ? undefined : this.txs.get(txidOf(input))?.tx.outs[input.index];
        return {
          txid: txidOf(input),
          vout: input.index,
          prevout: prev ? this.voutJson(prev) : null,
          scriptsig: hex(input.script),
          scriptsig_asm: '',
          witness: input.witness.length ? input.witness.map(hex) : undefined,
          is_coinbase: false,
          sequence: input.sequence,
          is_pegin: false,
        };
      }),
      vout: tx.outs.map((o) => this.voutJson(o)),
      size: tx.byteLength(),
      weight: tx.weight(),
      fee,
      status: t.status,
      discount_vsize: vsize,
      discount_weight: vsize * 4,
    };
  }
}

/** A block's merkle root over its txids (display hex), as Elements' BlockMerkleRoot: double SHA-256 pairs, the last one paired with itself; zero for none. */
export function merkleRoot(txids: readonly string[]): string {
  const sha256d = (b: Buffer) => createHash('sha256').update(createHash('sha256').update(b).digest()).digest();
  let level = txids.map((t) => Buffer.from(t, 'hex').reverse());
  if (level.length === 0) return '0'.repeat(64);
  while (level.length > 1) level = Array.from({ length: Math.ceil(level.length / 2) }, (_, i) => sha256d(Buffer.concat([level[2 * i]!, level[2 * i + 1] ?? level[2 * i]!])));
  return Buffer.from(level[0]!).reverse().toString('hex');
}

function scriptType(s: Uint8Array): string {
  if (s.length === 0) return 'empty';
  if (s[0] === 0x6a) return 'op_return';
  if (s.length === 25 && s[0] === 0x76 && s[1] === 0xa9) return 'p2pkh';
  if (s.length === 23 && s[0] === 0xa9) return 'p2sh';
  if (s.length === 22 && s[0] === 0x00 && s[1] === 0x14) return 'v0_p2wpkh';
  if (s.length === 34 && s[0] === 0x00 && s[1] === 0x20) return 'v0_p2wsh';
  if (s.length === 34 && s[0] === 0x51 && s[1] === 0x20) return 'v1_p2tr';
  return 'unknown';
}
