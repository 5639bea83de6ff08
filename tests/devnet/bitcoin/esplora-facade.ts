/**
 * An Esplora-compatible REST facade over the bcoin node: the endpoints the wallet
 * uses, with Blockstream/mempool.space Esplora's JSON shapes, served on loopback.
 * It keeps its own script index (from chain and mempool events) so it answers in
 * scripts, whatever address prefix bcoin prefers; addresses in and out use the
 * `bcrt` regtest prefix that bitcoinjs-lib and Bitcoin Core use.
 *
 * Devnet extras: POST /faucet {address, sats, confirm?} and POST /mine {blocks?}.
 * Hostile modes for tests (`misbehave`): an invented pending spend of a wallet's
 * coin, prevout or output values that are not what the chain holds, a listed
 * transaction said to pay an address it does not pay, raw bytes of another
 * transaction than the one asked for, and broadcasts dropped unanswered. bcoin is never
 * told: whatever the wallet signs because of a lie still goes to bcoin for its verdict.
 */
import * as ecc from '@bitcoinerlab/secp256k1';
import bcoin from 'bcoin';
import { address as btcAddress, initEccLib, networks, script as btcScript } from 'bitcoinjs-lib';
import { DevServer, HttpReply, Text } from '../http-server';
import type { BcoinNode } from './node';
import { verifyTaprootInputs, type Prevout } from './taproot-verifier';

interface TxRecord {
  tx: any;
  txid: string;
  /** Chain position; undefined while in the mempool. */
  block?: { height: number; hash: string; time: number; index: number };
  seen: number;
}

// bitcoinjs-lib needs a curve library to read Taproot (bech32m) addresses.
initEccLib(ecc);

const COINBASE_MATURITY = 100;
const hex = (b: Uint8Array) => Buffer.from(b).toString('hex');

/** Lies the facade tells from now on (test switches); `{}` makes it honest again. */
export interface EsploraMisbehaviour {
  /**
   * A pending transaction that never reached bcoin: it spends the first unspent
   * output of `from` and pays `outputs` (the rest is its fee). It is listed in the
   * address histories and served by GET /tx like a real mempool transaction.
   */
  inventSpend?: { from: string; outputs: { address: string; sats: bigint }[] };
  /** Added to every prevout value (and so to every fee) the JSON reports. */
  prevoutValueDelta?: bigint;
  /**
   * Output values `GET /tx/:txid` reports for outputs paying these scripts (hex): a server
   * shrinking what we were paid where the wallet reads one transaction (address histories
   * stay honest, so the wallet still finds the payment).
   */
  voutValueFor?: Record<string, bigint>;
  /**
   * POST /tx drops the connection without an answer and without telling bcoin (a flaky
   * server, or a POST lost in transit while reads still work); listed in `broadcasts`
   * as not accepted, reason 'dropped'.
   */
  dropBroadcasts?: boolean;
  /**
   * `address`'s history lists `txid`, and its JSON (there and at GET /tx/:txid) says output
   * `vout` pays `address` `sats` (its real value when not given); the raw bytes stay true.
   */
  claimOutput?: { address: string; txid: string; vout: number; sats?: bigint };
  /** GET /tx/:txid/hex answers these raw bytes (another transaction) for these txids. */
  rawHex?: Record<string, string>;
  /**
   * Transactions bcoin has that every read leaves out (404 at GET /tx, absent from histories
   * and outspends): an index lagging behind its node, which still answers broadcasts of them.
   */
  unindexed?: string[];
  /**
   * POST /tx answers 400 with this reason as the node's, without telling bcoin: a node whose
   * policy refuses what bcoin would take (Core's "mempool min fee not met" when its mempool is full).
   */
  refuseBroadcasts?: string;
  /** GET /tx/:txid/outspends says output "txid:vout" was spent by this transaction (which does not spend it), with its real status. */
  outspends?: Record<string, string>;
  /** GET /block/:hash/txids answers this instead of the block's txids. */
  blockTxids?: (txids: string[]) => unknown;
  /** GET /block/:hash answers this instead of the block's JSON. */
  blockAnswer?: (json: Record<string, unknown>) => unknown;
}

export interface FeeEstimates {
  [target: string]: number;
}

/** Regtest has no fee market; these mimic a calm testnet (sat/vB by confirmation target). */
export const DEVNET_FEE_ESTIMATES: FeeEstimates = { '1': 12, '2': 10, '3': 8, '4': 6, '6': 5, '10': 3, '25': 2, '144': 1.5, '504': 1, '1008': 1 };

export class EsploraFacade {
  readonly server = new DevServer();
  private readonly records = new Map<string, TxRecord>();
  private readonly byScript = new Map<string, Set<string>>();
  private seq = 0;
  feeEstimates: FeeEstimates = { ...DEVNET_FEE_ESTIMATES };
  /** Every raw transaction submitted through POST /tx, accepted or not. */
  readonly broadcasts: { hex: string; accepted: boolean; reason?: string }[] = [];
  private lies: EsploraMisbehaviour = {};
  /** The transaction `inventSpend` made up (never in bcoin's mempool). */
  invented: TxRecord | null = null;

  constructor(private readonly btc: BcoinNode) {
    const { node } = btc;
    // On the tip's own move (lib/blockchain/chain.js setBestChain, reconnect), as electrs indexes a block with its tip
    // (src/new_index/schema.rs Indexer::update): bcoin's 'connect' listeners run one after another, and the mempool's,
    // which drops the block's payments, would otherwise leave them in neither until this one ran.
    const connected = (entry: any, block: any) =>
      block.txs.forEach((tx: any, index: number) => this.record(tx, { height: entry.height, hash: entry.rhash(), time: block.time, index }));
    node.chain.on('block', (block: any, entry: any) => connected(entry, block));
    node.chain.on('reconnect', connected);
    node.mempool.on('tx', (tx: any) => this.record(tx));
    this.routes();
  }

  /** Indexes the blocks mined before the facade started listening. */
  async backfill(): Promise<void> {
    const { chain } = this.btc.node;
    for (let height = 0; height <= chain.height; height++) {
      const entry = await chain.getEntry(height);
      const block = await chain.getBlock(entry.hash);
      block.txs.forEach((tx: any, index: number) =>
        this.record(tx, { height, hash: entry.rhash(), time: block.time, index }),
      );
    }
  }

  // --- index ------------------------------------------------------------------

  private record(tx: any, block?: TxRecord['block']): void {
    const txid: string = tx.txid();
    const existing = this.records.get(txid);
    if (existing) {
      if (block) existing.block = block;
      return;
    }
    this.records.set(txid, { tx, txid, block, seen: this.seq++ });
    const touch = (scriptHex: string) => {
      let set = this.byScript.get(scriptHex);
      if (!set) this.byScript.set(scriptHex, (set = new Set()));
      set.add(txid);
    };
    for (const out of tx.outputs) touch(out.script.toRaw().toString('hex'));
    if (!tx.isCoinbase()) {
      for (const input of tx.inputs) {
        const prev = this.prevout(input);
        if (prev) touch(hex(prev.script));
      }
    }
  }

  /** In the chain, or still in the mempool (not dropped or replaced). */
  private live(r: TxRecord): boolean {
    if (this.lies.unindexed?.includes(r.txid)) return false;
    return r.block !== undefined || r === this.invented || this.btc.node.mempool.hasEntry(r.tx.hash('hex'));
  }

  /** Switches hostile modes on (see EsploraMisbehaviour); returns the previous setting. */
  misbehave(m: EsploraMisbehaviour): EsploraMisbehaviour {
    const previous = this.lies;
    this.lies = { ...m };
    this.invented = m.inventSpend ? this.invent(m.inventSpend) : null;
    return previous;
  }

  private invent({ from, outputs }: NonNullable<EsploraMisbehaviour['inventSpend']>): TxRecord {
    const fromScript = this.scriptOf(from);
    const [coin] = this.utxos(fromScript) as { txid: string; vout: number }[];
    if (!coin) throw new Error(`inventSpend: ${from} has no unspent output to spend`);
    const mtx = new bcoin.MTX();
    const prev = this.records.get(coin.txid)!.tx;
    mtx.addTX(prev, coin.vout);
    mtx.inputs[0].sequence = 0xfffffffd;
    for (const o of outputs) mtx.addOutput(bcoin.Script.fromRaw(Buffer.from(this.scriptOf(o.address), 'hex')), Number(o.sats));
    const tx = mtx.toTX();
    const record: TxRecord = { tx, txid: tx.txid(), seen: this.seq++ };
    for (const script of [fromScript, ...outputs.map((o) => this.scriptOf(o.address))]) {
      let set = this.byScript.get(script);
      if (!set) this.byScript.set(script, (set = new Set()));
      set.add(record.txid);
    }
    this.records.set(record.txid, record);
    return record;
  }

  private prevout(input: any): Prevout | null {
    const prev = this.records.get(input.prevout.txid());
    const out = prev?.tx.outputs[input.prevout.index];
    return out ? { script: new Uint8Array(out.script.toRaw()), value: BigInt(out.value) } : null;
  }

  private spenders(txid: string, vout: number): TxRecord[] {
    const prev = this.records.get(txid);
    if (!prev) return [];
    const script = prev.tx.outputs[vout]?.script.toRaw().toString('hex');
    const out: TxRecord[] = [];
    for (const id of this.byScript.get(script) ?? []) {
      const r = this.records.get(id)!;
      if (!this.live(r) || r.tx.isCoinbase()) continue;
      if (r.tx.inputs.some((i: any) => i.prevout.txid() === txid && i.prevout.index === vout)) out.push(r);
    }
    return out;
  }

  /** Each request decodes its address again (a Taproot one validates its key); a wallet asks for the same few hundred. */
  private readonly scripts = new Map<string, string>();

  scriptOf(addr: string): string {
    const known = this.scripts.get(addr);
    if (known !== undefined) return known;
    let script: string;
    try {
      script = hex(btcAddress.toOutputScript(addr, networks.regtest));
    } catch {
      throw new HttpReply(400, 'Invalid Bitcoin address');
    }
    if (this.scripts.size >= 20_000) this.scripts.clear();
    this.scripts.set(addr, script);
    return script;
  }

  private liveTxsFor(scriptHex: string): TxRecord[] {
    return [...(this.byScript.get(scriptHex) ?? [])].map((id) => this.records.get(id)!).filter((r) => this.live(r));
  }

  /** An address history as served: the live transactions, and the one `claimOutput` adds. */
  private listedFor(addr: string): TxRecord[] {
    const all = this.liveTxsFor(this.scriptOf(addr));
    const lie = this.lies.claimOutput;
    const added = lie?.address === addr ? this.records.get(lie.txid) : undefined;
    return added && !all.includes(added) ? [...all, added] : all;
  }

  /** Esplora order: mempool newest first, then chain newest first. */
  private ordered(records: TxRecord[]): { mempool: TxRecord[]; chain: TxRecord[] } {
    const mempool = records.filter((r) => !r.block).sort((a, b) => b.seen - a.seen);
    const chain = records
      .filter((r) => r.block)
      .sort((a, b) => b.block!.height - a.block!.height || b.block!.index - a.block!.index);
    return { mempool, chain };
  }

  // --- JSON shapes ----------------------------------------------------------------

  private status(r: TxRecord) {
    return r.block
      ? { confirmed: true, block_height: r.block.height, block_hash: r.block.hash, block_time: r.block.time }
      : { confirmed: false };
  }

  private scriptJson(raw: Uint8Array, value: bigint | number) {
    const out: Record<string, unknown> = {
      scriptpubkey: hex(raw),
      scriptpubkey_asm: safeAsm(raw),
      scriptpubkey_type: scriptType(raw),
    };
    try {
      out.scriptpubkey_address = btcAddress.fromOutputScript(raw, networks.regtest);
    } catch {
      /* no address form (OP_RETURN, bare multisig) */
    }
    out.value = Number(value);
    return out;
  }

  txJson(r: TxRecord, voutLies = false) {
    const { tx } = r;
    let inSum = 0n;
    const vin = tx.inputs.map((input: any) => {
      const coinbase = tx.isCoinbase();
      const prev = coinbase ? null : this.prevout(input);
      const value = prev ? prev.value + (this.lies.prevoutValueDelta ?? 0n) : 0n;
      inSum += value;
      return {
        txid: input.prevout.txid(),
        vout: input.prevout.index,
        prevout: prev ? this.scriptJson(prev.script, value) : null,
        scriptsig: input.script.toRaw().toString('hex'),
        scriptsig_asm: '',
        witness: input.witness.items.map((w: Buffer) => w.toString('hex')),
        is_coinbase: coinbase,
        sequence: input.sequence,
      };
    });
    let outSum = 0n;
    const claimed = this.lies.claimOutput?.txid === r.txid ? this.lies.claimOutput : undefined;
    const vout = tx.outputs.map((o: any, i: number) => {
      const script = o.script.toRaw().toString('hex');
      const value = (claimed?.vout === i && claimed.sats) || (voutLies && this.lies.voutValueFor?.[script]) || BigInt(o.value);
      outSum += value;
      const shown = claimed?.vout === i ? Buffer.from(this.scriptOf(claimed.address), 'hex') : o.script.toRaw();
      return this.scriptJson(new Uint8Array(shown), value);
    });
    return {
      txid: r.txid,
      version: tx.version,
      locktime: tx.locktime,
      vin,
      vout,
      size: tx.getSize(),
      weight: tx.getWeight(),
      fee: tx.isCoinbase() ? 0 : Number(inSum - outSum),
      status: this.status(r),
    };
  }

  private addressStats(scriptHex: string) {
    const empty = () => ({ funded_txo_count: 0, funded_txo_sum: 0, spent_txo_count: 0, spent_txo_sum: 0, tx_count: 0 });
    const chain = empty();
    const mempool = empty();
    for (const r of this.liveTxsFor(scriptHex)) {
      const s = r.block ? chain : mempool;
      s.tx_count++;
      r.tx.outputs.forEach((o: any) => {
        if (o.script.toRaw().toString('hex') === scriptHex) {
          s.funded_txo_count++;
          s.funded_txo_sum += o.value;
        }
      });
      if (!r.tx.isCoinbase()) {
        for (const input of r.tx.inputs) {
          const prev = this.prevout(input);
          if (prev && hex(prev.script) === scriptHex) {
            s.spent_txo_count++;
            s.spent_txo_sum += Number(prev.value);
          }
        }
      }
    }
    return { chain_stats: chain, mempool_stats: mempool };
  }

  utxos(scriptHex: string) {
    const out: unknown[] = [];
    for (const r of this.liveTxsFor(scriptHex)) {
      r.tx.outputs.forEach((o: any, vout: number) => {
        if (o.script.toRaw().toString('hex') !== scriptHex) return;
        if (this.spenders(r.txid, vout).length) return;
        out.push({ txid: r.txid, vout, status: this.status(r), value: o.value });
      });
    }
    return out;
  }

  // --- routes -------------------------------------------------------------------------

  // Every route follows Blockstream's electrs src/rest.rs (paths, paging of 50 mempool + 25
  // chain transactions, 25 per chain page, error texts); faucet and mine are devnet-only.
  private routes(): void {
    const s = this.server;
    const find = (txid: string) => {
      const r = this.records.get(txid);
      if (!r || !this.live(r)) throw new HttpReply(404, 'Transaction not found');
      return r;
    };
    s.get('/api/blocks/tip/height', () => new Text(String(this.btc.height())));
    s.get('/api/blocks/tip/hash', () => new Text(this.btc.node.chain.tip.rhash()));
    // electrs src/rest.rs "mempool/txids": every txid of the mempool the address histories are served from.
    s.get('/api/mempool/txids', () => [...this.records.values()].filter((r) => !r.block && this.live(r)).map((r) => r.txid));
    s.get('/api/fee-estimates', () => this.feeEstimates);
    // electrs src/rest.rs "block/:hash" (BlockValue; best chain only) and "block/:hash/txids" (any block stored): 404 "Block not found".
    s.get('/api/block/:hash', async (req) => {
      const { entry, block } = await this.block(req.params.hash!);
      if (!(await this.btc.node.chain.isMainChain(entry))) throw new HttpReply(404, 'Block not found');
      const json = this.blockJson(entry, block, await this.btc.node.chain.getMedianTime(entry));
      return this.lies.blockAnswer?.(json) ?? json;
    });
    s.get('/api/block/:hash/txids', async (req) => {
      const txids = (await this.block(req.params.hash!)).block.txs.map((tx: any) => tx.txid() as string);
      return this.lies.blockTxids?.(txids) ?? txids;
    });
    s.get('/api/tx/:txid', (req) => this.txJson(find(req.params.txid!), true));
    s.get('/api/tx/:txid/hex', (req) => new Text(this.lies.rawHex?.[req.params.txid!] ?? find(req.params.txid!).tx.toRaw().toString('hex')));
    s.get('/api/tx/:txid/status', (req) => this.status(find(req.params.txid!)));
    s.get('/api/tx/:txid/outspends', (req) => {
      const r = find(req.params.txid!);
      return r.tx.outputs.map((_o: any, vout: number) => {
        const said = this.lies.outspends?.[`${r.txid}:${vout}`];
        if (said) return { spent: true, txid: said, vin: 0, status: this.status(find(said)) };
        const [sp] = this.spenders(r.txid, vout);
        if (!sp) return { spent: false };
        const vin = sp.tx.inputs.findIndex((i: any) => i.prevout.txid() === r.txid && i.prevout.index === vout);
        return { spent: true, txid: sp.txid, vin, status: this.status(sp) };
      });
    });
    s.get('/api/address/:addr', (req) => ({ address: req.params.addr, ...this.addressStats(this.scriptOf(req.params.addr!)) }));
    s.get('/api/address/:addr/utxo', (req) => this.utxos(this.scriptOf(req.params.addr!)));
    s.get('/api/address/:addr/txs', (req) => {
      const { mempool, chain } = this.ordered(this.listedFor(req.params.addr!));
      return [...mempool.slice(0, 50), ...chain.slice(0, 25)].map((r) => this.txJson(r));
    });
    s.get('/api/address/:addr/txs/chain/:last', (req) => {
      const { chain } = this.ordered(this.listedFor(req.params.addr!));
      const at = chain.findIndex((r) => r.txid === req.params.last);
      if (at < 0) throw new HttpReply(400, 'Invalid last_seen_txid');
      return chain.slice(at + 1, at + 26).map((r) => this.txJson(r));
    });
    s.get('/api/address/:addr/txs/chain', (req) => {
      const { chain } = this.ordered(this.listedFor(req.params.addr!));
      return chain.slice(0, 25).map((r) => this.txJson(r));
    });
    s.post('/api/tx', async (req) => {
      if (this.lies.dropBroadcasts) {
        this.broadcasts.push({ hex: req.body.trim(), accepted: false, reason: 'dropped' });
        req.raw.socket.destroy();
        return new Text('');
      }
      if (this.lies.refuseBroadcasts) {
        this.broadcasts.push({ hex: req.body.trim(), accepted: false, reason: this.lies.refuseBroadcasts });
        throw new HttpReply(400, `sendrawtransaction RPC error: ${JSON.stringify({ code: -26, message: this.lies.refuseBroadcasts })}`);
      }
      return new Text(await this.broadcast(req.body.trim()));
    });
    s.post('/api/faucet', async (req) => {
      const { address, sats, confirm = true } = req.json<{ address: string; sats: number | string; confirm?: boolean }>();
      return { txid: await this.faucet(address, BigInt(sats), confirm) };
    });
    s.post('/api/mine', async (req) => {
      const { blocks = 1 } = req.json<{ blocks?: number }>() ?? {};
      if (!Number.isInteger(blocks) || blocks < 1 || blocks > 1000) throw new HttpReply(400, 'blocks must be 1..1000');
      return { hashes: await this.btc.mine(blocks), height: this.btc.height() };
    });
  }

  /** A block bcoin stores, by its display hash (400 "Invalid hex string" as electrs's BlockHash::from_hex refuses). */
  private async block(hash: string): Promise<{ entry: any; block: any }> {
    if (!/^[0-9a-f]{64}$/i.test(hash)) throw new HttpReply(400, 'Invalid hex string');
    const entry = await this.btc.node.chain.getEntryByHash(bcoin.util.revHex(hash.toLowerCase()));
    const block = entry && (await this.btc.node.chain.getBlock(entry.hash));
    if (!block) throw new HttpReply(404, 'Block not found');
    return { entry, block };
  }

  private blockJson(entry: any, block: any, mediantime: number) {
    // electrs: `difficulty` is max target / target, as an integer.
    const target = (bits: number) => BigInt(bits & 0x7fffff) << BigInt(8 * ((bits >>> 24) - 3));
    return {
      id: entry.rhash(),
      height: entry.height,
      version: entry.version,
      timestamp: entry.time,
      tx_count: block.txs.length,
      size: block.getSize(),
      weight: block.getWeight(),
      merkle_root: bcoin.util.revHex(entry.merkleRoot),
      previousblockhash: entry.height > 0 ? bcoin.util.revHex(entry.prevBlock) : null,
      mediantime,
      nonce: entry.nonce,
      bits: entry.bits,
      difficulty: Number(target(this.btc.node.network.pow.bits) / target(entry.bits)),
    };
  }

  // --- actions -------------------------------------------------------------------------

  /** Esplora's broadcast: the txid as text, or 400 with the node's reason. */
  async broadcast(rawHex: string): Promise<string> {
    const reject = (reason: string, code = -26): never => {
      this.broadcasts.push({ hex: rawHex, accepted: false, reason });
      throw new HttpReply(400, `sendrawtransaction RPC error: ${JSON.stringify({ code, message: reason })}`);
    };
    let tx: any;
    try {
      if (!/^([0-9a-f]{2})+$/i.test(rawHex)) throw new Error('not hex');
      tx = bcoin.TX.fromRaw(Buffer.from(rawHex, 'hex'));
    } catch {
      return reject('TX decode failed', -22);
    }
    const { node } = this.btc;
    if (tx.isCoinbase()) return reject('coinbase');
    // bcoin's own verdicts on a transaction it already has, asked before any input check (lib/mempool/mempool.js verify).
    if (node.mempool.hasEntry(tx.hash('hex'))) return reject('txn-already-in-mempool');
    if (await node.chain.hasCoins(tx)) return reject('txn-already-known');
    // Every input must exist and be unspent in the chain (a mempool conflict is left to bcoin's RBF rules).
    const prevouts: Prevout[] = [];
    for (const input of tx.inputs) {
      const prevTxid = input.prevout.txid();
      const inChain = await node.chain.getCoin(input.prevout.hash, input.prevout.index);
      const prevRecord = this.records.get(prevTxid);
      const inMempool = !!prevRecord && !prevRecord.block && this.live(prevRecord) && prevRecord.tx.outputs[input.prevout.index];
      if (!inChain && !inMempool) return reject('bad-txns-inputs-missingorspent', -25);
      const prev = this.prevout(input);
      if (!prev) return reject('bad-txns-inputs-missingorspent', -25);
      prevouts.push(prev);
    }
    const taprootFailure = verifyTaprootInputs(new Uint8Array(tx.toRaw()), prevouts);
    if (taprootFailure) return reject(`mandatory-script-verify-flag-failed (${taprootFailure})`);
    const fee = prevouts.reduce((s, p) => s + p.value, 0n) - tx.outputs.reduce((s: bigint, o: any) => s + BigInt(o.value), 0n);
    const replacement = this.checkReplacement(tx, fee);
    if (typeof replacement === 'string') return reject(replacement);
    for (const e of replacement) node.mempool.evictEntry(e);
    try {
      const missing = await node.mempool.addTX(tx);
      if (missing && missing.length) return reject('bad-txns-inputs-missingorspent', -25);
    } catch (err: any) {
      // Put back what the replacement evicted, then report bcoin's verdict.
      for (const e of replacement) await node.mempool.addTX(e.tx).catch(() => undefined);
      return reject(err?.reason ?? err?.message ?? 'rejected');
    }
    this.broadcasts.push({ hex: rawHex, accepted: true });
    return tx.txid();
  }

  /**
   * BIP125 replace-by-fee, which bcoin 1.0.2 lacks (it refuses any mempool
   * conflict): returns the entries the replacement evicts, or the reason it may
   * not replace them, following Bitcoin Core's rules 1-5. bcoin then validates
   * the replacement itself.
   */
  private checkReplacement(tx: any, fee: bigint): any[] | string {
    const { mempool } = this.btc.node;
    const conflicts = new Map<string, any>();
    for (const input of tx.inputs) {
      const e = mempool.getSpent(input.prevout.hash, input.prevout.index);
      if (e) conflicts.set(e.tx.txid(), e);
    }
    if (conflicts.size === 0) return [];
    const evicted = new Map<string, any>(conflicts);
    for (const e of conflicts.values()) for (const d of mempool.getDescendants(e)) evicted.set(d.tx.txid(), d);
    // BIP125 signalling as Core reads it (bcoin's own isRBF() ignores version-2 transactions).
    const signals = (t: any) => t.inputs.some((i: any) => i.sequence < 0xfffffffe);
    if ([...conflicts.values()].some((e) => !signals(e.tx))) return 'txn-mempool-conflict';
    if (evicted.size > 100) return 'too many potential replacements';
    const vsize = BigInt(tx.getVirtualSize());
    const oldFees = [...evicted.values()].reduce((s, e) => s + BigInt(e.fee), 0n);
    if (fee < oldFees + vsize * 1n) return `insufficient fee, rejecting replacement ${tx.txid()}; not enough additional fees to relay`;
    for (const e of conflicts.values()) {
      // Compare rates without division: fee/vsize > oldFee/oldVsize.
      if (fee * BigInt(e.tx.getVirtualSize()) <= BigInt(e.fee) * vsize) {
        return `insufficient fee, rejecting replacement ${tx.txid()}; new feerate not above the replaced one`;
      }
    }
    return [...conflicts.values()];
  }

  /** Faucet payments are signed one at a time, each from coins no payment in the mempool has spent; confirmations share blocks. */
  private faucetQueue: Promise<unknown> = Promise.resolve();
  /** Payments sent so far, and how many of them a finished block holds. */
  private faucetSent = 0;
  private faucetMined = 0;
  private faucetBlock: Promise<unknown> | null = null;

  /** Pays `sats` to `address` from the miner's matured coinbase coins; with `confirm`, returns once a block holds it. */
  async faucet(address: string, sats: bigint, confirm = true): Promise<string> {
    const sent = this.faucetQueue.then(async () => ({ tx: await this.sendFromFaucet(address, sats), n: ++this.faucetSent }));
    this.faucetQueue = sent.catch(() => undefined);
    const { tx, n } = await sent;
    // A block mined from now holds every payment sent before it starts; one that came later waits for the next.
    while (confirm && this.faucetMined < n) await this.faucetConfirmation();
    return tx.txid();
  }

  private faucetConfirmation(): Promise<unknown> {
    if (!this.faucetBlock) {
      const upTo = this.faucetSent;
      this.faucetBlock = this.btc
        .mine(1)
        .then(() => (this.faucetMined = Math.max(this.faucetMined, upTo)))
        .finally(() => (this.faucetBlock = null));
    }
    return this.faucetBlock;
  }

  private async sendFromFaucet(address: string, sats: bigint): Promise<any> {
    if (sats <= 0n || sats > 50_0000_0000n) throw new HttpReply(400, 'sats must be 1..5000000000');
    const script = Buffer.from(this.scriptOf(address), 'hex');
    const { node, minerKey, minerAddress } = this.btc;
    // Read the coins between blocks: bcoin's address index is not consistent while a block connects.
    const unlock = await node.chain.locker.lock();
    let coins;
    try {
      const tip = node.chain.height;
      coins = (await node.getCoinsByAddress([minerAddress])).filter(
        (c: any) => (!c.coinbase || tip + 1 - c.height >= COINBASE_MATURITY) && !node.mempool.isSpent(c.hash, c.index),
      );
    } finally {
      unlock();
    }
    const mtx = new bcoin.MTX();
    mtx.addOutput(bcoin.Script.fromRaw(script), Number(sats));
    await mtx.fund(coins, { rate: 2000, changeAddress: minerAddress });
    mtx.sign(minerKey);
    const tx = mtx.toTX();
    await node.mempool.addTX(tx);
    return tx;
  }
}

function scriptType(raw: Uint8Array): string {
  const h = hex(raw);
  if (raw.length === 22 && h.startsWith('0014')) return 'v0_p2wpkh';
  if (raw.length === 34 && h.startsWith('0020')) return 'v0_p2wsh';
  if (raw.length === 34 && h.startsWith('5120')) return 'v1_p2tr';
  if (raw.length === 25 && h.startsWith('76a914') && h.endsWith('88ac')) return 'p2pkh';
  if (raw.length === 23 && h.startsWith('a914') && h.endsWith('87')) return 'p2sh';
  if (raw[0] === 0x6a) return 'op_return';
  return 'unknown';
}

function safeAsm(raw: Uint8Array): string {
  try {
    return btcScript.toASM(raw);
  } catch {
    return '';
  }
}
