/**
 * The Bitcoin layer: discovery, balances and activity from Esplora; sends planned
 * with coin selection, signed here in the background, persisted, then broadcast;
 * RBF fee bumps of unconfirmed sends.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { WalletError } from '../../shared/errors';
import { localText } from '../../shared/local-text';
import { presetPageExplorer } from '../../shared/explorer';
import { checkFeeCap } from '../../shared/fee-caps';
import type { ActivityItem, LayerOverview } from '../../shared/layer-views';
import { formatAmountText, parseAmount, UNITS } from '../../shared/units';
import { layerStoreKey, type LayerDeps, type LayerEnv, type LayerService, type ReceiveView } from '../types';
import { outputAddress, parseBitcoinAddress, type ParsedAddress } from './address';
import { buildBip21, isBip21, parseBip21 } from './bip21';
import { bumpReviewId, planBump, type BumpPlan } from './bump';
import { discover, KnownScriptMismatch, scannedScripts, type KnownScripts, type ScanHints, type ScanResult } from './discovery';
import { alreadyOnNetwork, EsploraClient } from './esplora';
import { formatSatPerVb, type FeeRate } from './fee-rate';
import { feeOptions, resolveFeeRate, sanityCap, type FeeChoice, type FeeOptions } from './fees';
import { heldBySends, withoutHeld } from './held-coins';
import { BitcoinKeys, type OwnedAddress } from './keys';
import { ownSend, signedChange, signedInputs, type OwnSend } from './own-send';
import { bitcoinSends, type SendRecord } from './pending-store';
import type { SendStore } from '../send-store';
import { confirmedIn, ScanMemo, sessionMemoStore, type NextBlock } from '../scan-memo';
import { decodeRefresh, encodeRefresh, type BitcoinRefresh } from './scan-codec';
import { serialize } from '../serialize';
import { planSend, type SendPlan } from './plan';
import { outputWeight } from './script-types';
import { signTransaction, type SpendOutput } from './signing';
import { activityOf, balanceOf, utxosOf, type Utxo } from './wallet-state';

export interface BitcoinSendDraft {
  /** An address or a `bitcoin:` URI. */
  to: string;
  /** BTC as typed ("0.001"); empty to take the URI's amount. Ignored with `max`. */
  amount?: string;
  /** Sats, for callers that hold an amount rather than text (hops); wins over `amount`. */
  amountSats?: bigint;
  /** The fee the user reviewed: a plan paying another fee is not signed (`fee_changed`). */
  reviewedFee?: bigint;
  max?: boolean;
  fee: FeeChoice;
  /** The user confirmed a fee rate above the sanity cap. */
  confirmHighFee?: boolean;
}

export interface BitcoinQuote {
  to: string;
  amount: bigint;
  max: boolean;
  fee: bigint;
  feeRate: FeeRate;
  change: bigint;
  total: bigint;
  inputCount: number;
  vsize: number;
  waste: bigint;
  algorithm: string;
  /** Above the sanity cap: sending needs `confirmHighFee`. */
  highFee: boolean;
  sanityCap: FeeRate;
  label?: string;
  /** A BOLT11/LNURL alternative offered by the URI, for the Lightning layer. */
  lightning?: string;
}

/** One output of a replacement, as the speed-up review shows it. */
export interface BumpReviewOutput {
  script: string;
  /** None for an OP_RETURN. */
  address?: string;
  value: bigint;
  /** The value in the transaction it replaces, when different. */
  before?: bigint;
  role: 'recipient' | 'change' | 'yours' | 'data';
}

/** A replacement planned but not signed; `reviewId` binds the bump to exactly this. */
export interface BumpReview {
  replaces: string;
  outputs: BumpReviewOutput[];
  fee: bigint;
  feeRate: FeeRate;
  oldFee: bigint;
  oldRate: FeeRate;
  inputCount: number;
  addedInputs: number;
  reviewId: string;
}

/** What another part of the wallet (a hop) adds to a send. */
export interface SendExtras {
  /** The user's own send from the Send screen, which Speed up may replace. Hops leave it off: they follow their funding txid. */
  bumpable?: boolean;
  /** Outputs besides recipient and change, e.g. a zero-value OP_RETURN. */
  extraOutputs?: SpendOutput[];
  /** Called with the signed transaction before it is broadcast, to persist its txid first. */
  beforeBroadcast?: (signed: { txid: string; hex: string }) => Promise<void>;
  /** The wallet as `lookOnce` saw it, to pay from instead of scanning again. */
  scan?: ScanResult;
}

/** What a scan leaves in storage.local for the next one and for receive(). */
interface ScanCache {
  receiveIndex: number;
  usedCount: number;
  at: number;
  /** The key tree (BIP32 fingerprint) `next` belongs to. */
  wallet?: number;
  next?: ScanHints;
}

/** Scripts of the wallet's addresses (public data) kept across workers, so a cold one need not derive them to watch them. */
interface StoredScripts {
  wallet: string;
  scripts: KnownScripts;
}

interface Destination {
  address: ParsedAddress;
  amount?: bigint;
  label?: string;
  lightning?: string;
}

export class BitcoinService implements LayerService {
  readonly layer = 'bitcoin' as const;
  readonly keys: BitcoinKeys;
  readonly esplora: EsploraClient;
  private readonly sends: SendStore<SendRecord>;
  private readonly cacheKey: string;
  private readonly scriptsKey: string;
  private tag: string | undefined;
  /**
   * One payment of this account at a time, from its look at the coins through its
   * broadcast: hops advance in parallel, and the user may send meanwhile. Module-level
   * (serialize) because the background builds a fresh service per request.
   */
  private readonly lockKey: string;
  /** The last refresh's scan and tip, reused while the server's chain and mempool are unchanged (scan-memo.ts). */
  private readonly lastRefresh: ScanMemo<BitcoinRefresh>;

  /** With `deps.env`, the last refresh's scan is also kept in its storage.session for the next worker. */
  constructor(private readonly deps: LayerDeps<'bitcoin'> & { env?: Pick<LayerEnv, 'session'> }) {
    this.keys = new BitcoinKeys(deps.root, deps.preset.params);
    const http = deps.http(deps.preset.endpoints.esplora!);
    this.esplora = new EsploraClient(http);
    const codec = { encode: encodeRefresh, decode: (raw: unknown) => decodeRefresh(raw, this.keys) };
    this.lastRefresh = new ScanMemo(http, deps.now, sessionMemoStore(deps.env?.session, 'bitcoin', deps.preset.id, `${this.walletTag()}|${http.baseUrl}`, codec));
    this.sends = bitcoinSends(deps.store, deps.preset.id);
    this.cacheKey = layerStoreKey('bitcoin', deps.preset.id, 'scan');
    this.scriptsKey = layerStoreKey('bitcoin', deps.preset.id, 'scripts');
    this.lockKey = `bitcoin:${deps.preset.id}:${deps.root.fingerprint}`;
  }

  wipe(): void {
    this.keys.wipe();
    this.lastRefresh.close();
  }

  /** Full refresh: discovery, then balances and activity. Also finishes sends a dead worker left signed. */
  async overview(): Promise<LayerOverview> {
    const [scan, tip] = await this.lastRefresh.read(() => Promise.all([this.scan(), this.esplora.tipHeight()]), (kept, block) => this.afterBlock(kept, block));
    // What could not be sent now is reported by the next payment, which waits for it.
    await serialize(this.lockKey, () => this.resumeSignedSends(scan));
    const balance = balanceOf(scan);
    // Speed up is offered only for what the wallet itself signed and may replace, whatever the server calls ours.
    const replaceable = new Set((await this.sends.list()).filter((r) => r.bumpable && r.inputs && !r.replacedBy).map((r) => r.txid));
    return {
      layer: 'bitcoin',
      network: this.deps.preset.id,
      balances: [{ asset: 'BTC', symbol: 'BTC', decimals: 8, confirmed: balance.confirmed.toString(), pending: balance.pending.toString() }],
      activity: activityOf(scan, tip, presetPageExplorer(this.deps.preset) ?? '').map((a) => (a.canSpeedUp && !replaceable.has(a.id) ? { ...a, canSpeedUp: false } : a)),
      updatedAt: this.deps.now(),
    };
  }

  /** The next unused receive address (BIP84), with a BIP21 URI for the QR code. */
  async receive(amount?: bigint): Promise<ReceiveView> {
    const cached = (await this.deps.store.get([this.cacheKey]))[this.cacheKey] as { receiveIndex?: number } | undefined;
    const index = cached?.receiveIndex ?? (await this.scan()).nextIndex.p2wpkh[0];
    const owned = this.keys.address('p2wpkh', 0, index);
    return { address: owned.address, uri: buildBip21(owned.address, { amount }), path: owned.path };
  }

  /** Devnet only: asks the local devnet's faucet to pay the next receive address. */
  async devnetFaucet(sats: bigint): Promise<{ txid: string; address: string }> {
    if (this.deps.preset.id !== 'devnet') throw new WalletError('unsupported', localText('err_faucet_devnet_only'));
    const { address } = await this.receive();
    const http = this.deps.http(this.deps.preset.endpoints.esplora!);
    const { txid } = await http.postJson<{ txid: string }>('/faucet', { address, sats: sats.toString() });
    return { txid, address };
  }

  async feeOptions(): Promise<FeeOptions> {
    return feeOptions(this.esplora);
  }

  /** `extraOutputs`: further recipients paid with the same transaction (a web page's `sendTransfer`). */
  async quote(draft: BitcoinSendDraft, extraOutputs: SpendOutput[] = []): Promise<BitcoinQuote> {
    const { plan, destination, cap } = await this.plan(draft, extraOutputs);
    return this.toQuote(plan, destination, cap);
  }

  /**
   * `quote` for one short task (a route plan pricing many payments): the wallet is
   * scanned once, by the first quote, and every later quote of this quoter plans
   * from that scan. Quotes only; a send always scans anew, so drop the quoter with
   * the task.
   */
  quoter(): (draft: BitcoinSendDraft) => Promise<BitcoinQuote> {
    let seen: Promise<[ScanResult, FeeOptions]> | undefined;
    return async (draft) => {
      // A failed scan fails this task's quotes alike, as the plan's memo of GETs does.
      seen ??= Promise.all([this.scan(), this.feeOptions()]);
      const [scan, fees] = await seen;
      const { plan, destination, cap } = await this.plan(draft, [], scan, fees);
      return this.toQuote(plan, destination, cap);
    };
  }

  /**
   * One look at the wallet for a payment that must not be made twice (a hop's
   * funding): finishes what a dead worker left signed, then gives the wallet's
   * activity as seen then, and a `send` that pays from the coins seen then (the
   * wallet is looked at again only when a resumed send spent some of them).
   * Refused (`waiting`) while a send signed earlier cannot be sent: the caller's
   * look at the chain could not see it, and paying again could pay twice.
   */
  async lookOnce(): Promise<{ activity: ActivityItem[]; send(draft: BitcoinSendDraft, extras?: SendExtras): Promise<{ txid: string; quote: BitcoinQuote }> }> {
    return serialize(this.lockKey, async () => {
      const [first, tip] = await Promise.all([this.scan(), this.esplora.tipHeight()]);
      const resumed = await this.resumeSignedSends(first);
      if (resumed.stuck.length) throw notYetSent(resumed.stuck[0]!);
      const scan = resumed.sent ? await this.scan() : first;
      return { activity: activityOf(scan, tip, ''), send: (draft, extras = {}) => this.send(draft, { ...extras, scan }) };
    });
  }

  /**
   * Plans, signs, records and broadcasts a payment, one at a time per account, from
   * coins no other send of ours has spent. Refused (`waiting`) while a send signed
   * earlier is not on the network: it may still go out, and this one could pay twice.
   */
  send(draft: BitcoinSendDraft, extras: SendExtras = {}): Promise<{ txid: string; quote: BitcoinQuote }> {
    return serialize(this.lockKey, () => this.sendLocked(draft, extras));
  }

  private async sendLocked(draft: BitcoinSendDraft, extras: SendExtras): Promise<{ txid: string; quote: BitcoinQuote }> {
    const { plan, destination, cap, scan } = await this.plan(draft, extras.extraOutputs ?? [], extras.scan);
    await this.refuseWhileSigned(scan);
    const quote = this.toQuote(plan, destination, cap);
    if (draft.reviewedFee !== undefined && plan.fee !== draft.reviewedFee) {
      throw new WalletError('fee_changed', localText('err_fee_changed_sats', formatAmountText(plan.fee, 0, UNITS.SAT.symbol), formatAmountText(draft.reviewedFee, 0, UNITS.SAT.symbol)));
    }
    if (quote.highFee && !draft.confirmHighFee) {
      throw new WalletError(
        'fee_too_high',
        localText('err_btc_fee_rate_high', formatSatPerVb(plan.feeRate), formatSatPerVb(cap)),
      );
    }
    const outputs: SpendOutput[] = [{ script: plan.recipient.script, value: plan.amount }, ...(extras.extraOutputs ?? [])];
    let change: SendRecord['change'];
    if (plan.change) {
      const changeOut = { script: hexToBytes(plan.change.owner.script), value: plan.change.value };
      // Put change at a random position so it does not stand out.
      if (crypto.getRandomValues(new Uint8Array(1))[0]! & 1) outputs.push(changeOut);
      else outputs.unshift(changeOut);
      change = signedChange(outputs.indexOf(changeOut), plan.change.owner);
    }
    const inputs = plan.inputs.map((u) => ({ txid: u.txid, vout: u.vout, value: u.value, owner: u.owner }));
    const signed = signTransaction(this.keys, inputs, outputs);
    await extras.beforeBroadcast?.(signed);
    const txid = await this.broadcastRecorded({
      txid: signed.txid,
      hex: signed.hex,
      max: plan.max,
      bumpable: extras.bumpable ?? false,
      inputs: signedInputs(inputs),
      change,
    });
    return { txid, quote };
  }

  /**
   * Gives up a send of ours that its payer no longer wants out (a hop whose swap ended
   * before it was seen), unless the network has it: true when Esplora knows it (kept);
   * else its record is dropped, so no refresh sends it and its coins are free again.
   * Under the account's lock, so no resumed send broadcasts it between the look and the drop.
   */
  dropUnsent(txid: string): Promise<boolean> {
    return serialize(this.lockKey, async () => {
      if (await this.esplora.tx(txid)) return true;
      await this.sends.remove(txid);
      return false;
    });
  }

  /**
   * The wallet as a scan sees it now: its addresses by script, and the coins a
   * payment may spend (less those our own sends hold). For signing what another
   * party built (a web page's PSBT), which must spend only these.
   */
  async coins(): Promise<{ addresses: ReadonlyMap<string, OwnedAddress>; spendable: Utxo[] }> {
    const scan = await this.scan();
    return { addresses: scan.addresses, spendable: await this.spendableUtxos(scan) };
  }

  /**
   * Broadcasts a transaction the wallet signed for another party (a web page's PSBT),
   * under the same rules as a send: one payment at a time, none while one signed
   * earlier is not out, recorded before it is broadcast. `spends` are our coins it
   * spends; refused (nothing sent) when one of them is no longer ours to spend.
   */
  broadcastSigned(signed: { txid: string; hex: string }, spends: readonly { txid: string; vout: number }[]): Promise<string> {
    return serialize(this.lockKey, async () => {
      const scan = await this.scan();
      await this.refuseWhileSigned(scan);
      const free = new Set((await this.spendableUtxos(scan)).map((u) => `${u.txid}:${u.vout}`));
      const gone = spends.find((o) => !free.has(`${o.txid}:${o.vout}`));
      if (gone) throw new WalletError('review_changed', localText('err_btc_coin_gone', `${gone.txid}:${gone.vout}`));
      return this.broadcastRecorded({ txid: signed.txid, hex: signed.hex, max: false, bumpable: false });
    });
  }

  /** Whether the send store still holds `txid`: signed and maybe still to go out, or once accepted by the network. */
  async holds(txid: string): Promise<boolean> {
    return (await this.sends.get(txid)) !== undefined;
  }

  /** Plans the replacement of one of our unconfirmed sends at a higher fee rate, for review; signs nothing. */
  async bumpReview(txid: string, fee: FeeChoice): Promise<BumpReview> {
    const { plan, scan } = await this.planReplacement(txid, fee);
    const { send } = plan;
    const outputs = plan.outputs.map((o, vout): BumpReviewOutput => {
      const script = bytesToHex(o.script);
      const address = outputAddress(o.script, this.keys.network);
      const was = send.outputs.find((x) => bytesToHex(x.script) === script)?.value;
      const role = vout === plan.change?.vout ? 'change' : !address ? 'data' : scan.addresses.has(script) ? 'yours' : 'recipient';
      return { script, address, value: o.value, ...(was !== undefined && was !== o.value ? { before: was } : {}), role };
    });
    return {
      replaces: txid,
      outputs,
      fee: plan.fee,
      feeRate: plan.feeRate,
      oldFee: plan.oldFee,
      oldRate: plan.oldRate,
      inputCount: plan.inputs.length,
      addedInputs: plan.inputs.length - send.inputs.length,
      reviewId: bumpReviewId(plan),
    };
  }

  /**
   * Replaces an unconfirmed send with the replacement `reviewId` names: planned
   * again, and refused if it is no longer exactly what was reviewed.
   */
  bump(txid: string, fee: FeeChoice, reviewId: string): Promise<{ txid: string; replaced: string; fee: bigint; feeRate: FeeRate }> {
    return serialize(this.lockKey, () => this.bumpLocked(txid, fee, reviewId));
  }

  private async bumpLocked(txid: string, fee: FeeChoice, reviewId: string): Promise<{ txid: string; replaced: string; fee: bigint; feeRate: FeeRate }> {
    const { plan } = await this.planReplacement(txid, fee);
    if (bumpReviewId(plan) !== reviewId) {
      throw new WalletError(
        'review_changed',
        localText('err_bump_review_changed'),
      );
    }
    const signed = signTransaction(this.keys, plan.inputs, plan.outputs);
    const newTxid = await this.broadcastRecorded({
      txid: signed.txid,
      hex: signed.hex,
      max: plan.send.max,
      replaces: txid,
      bumpable: true,
      inputs: signedInputs(plan.inputs),
      change: plan.change && signedChange(plan.change.vout, plan.change.owner),
    });
    await this.sends.update(txid, { replacedBy: newTxid });
    return { txid: newTxid, replaced: txid, fee: plan.fee, feeRate: plan.feeRate };
  }

  /** Parses an address or BIP21 URI for this network (errors name the network it belongs to). */
  parseDestination(to: string): Destination {
    if (isBip21(to)) {
      const uri = parseBip21(to);
      if (!uri.address) throw new WalletError('bad_address', localText('err_bip21_lightning_only'));
      return { address: parseBitcoinAddress(uri.address, this.deps.preset.params), amount: uri.amount, label: uri.label, lightning: uri.lightning };
    }
    return { address: parseBitcoinAddress(to, this.deps.preset.params) };
  }

  // --- internals -------------------------------------------------------------------

  /**
   * The kept refresh moved on by one block (scan-memo.ts): its transactions in the block
   * confirmed there, as Esplora's status would say. Undefined (scan in full) when the
   * block's coinbase pays one of the scanned scripts, or is not a coinbase.
   */
  private async afterBlock([scan]: BitcoinRefresh, block: NextBlock): Promise<BitcoinRefresh | undefined> {
    for (const txid of block.outside) {
      const tx = await this.esplora.tx(txid);
      if (tx?.txid !== txid || tx.vin.length !== 1 || !tx.vin[0]!.coinbase || tx.vout.some((o) => scan.addresses.has(o.script))) return undefined;
    }
    const txs = confirmedIn(scan.txs, block, (t) => t.status, (t) => ({ ...t, status: { confirmed: true, height: block.height, time: block.time } }));
    return txs && [{ ...scan, txs }, block.height];
  }

  private async plan(draft: BitcoinSendDraft, extraOutputs: SpendOutput[] = [], scanned?: ScanResult, fees?: FeeOptions): Promise<{ plan: SendPlan; destination: Destination; cap: FeeRate; scan: ScanResult }> {
    const destination = this.parseDestination(draft.to);
    let amount: bigint | 'max';
    if (draft.max) amount = 'max';
    else if (draft.amountSats !== undefined) amount = draft.amountSats;
    else if (draft.amount && draft.amount.trim()) amount = parseAmount(draft.amount, 8, 'BTC');
    else if (destination.amount !== undefined) amount = destination.amount;
    else throw new WalletError('bad_amount', localText('err_amount_empty'));
    const [options, scan] = await Promise.all([fees ?? this.feeOptions(), scanned ?? this.scan()]);
    const feeRate = resolveFeeRate(draft.fee, options);
    const changeAddress = this.keys.address('p2wpkh', 1, scan.nextIndex.p2wpkh[1]);
    const extraOutputWeight = extraOutputs.reduce((w, o) => w + outputWeight(o.script.length), 0);
    const extraOutputValue = extraOutputs.reduce((v, o) => v + o.value, 0n);
    const utxos = await this.spendableUtxos(scan);
    const plan = planSend({ to: destination.address, amount, feeRate, longTermFeeRate: options.longTerm, utxos, changeAddress, extraOutputWeight, extraOutputValue });
    checkFeeCap('bitcoin', plan.fee, plan.amount + plan.extraValue, 'send', plan.weight / 4);
    return { plan, destination, cap: sanityCap(options), scan };
  }

  private toQuote(plan: SendPlan, destination: Destination, cap: FeeRate): BitcoinQuote {
    return {
      to: plan.recipient.address,
      amount: plan.amount,
      max: plan.max,
      fee: plan.fee,
      feeRate: plan.feeRate,
      change: plan.change?.value ?? 0n,
      total: plan.amount + plan.extraValue + plan.fee,
      inputCount: plan.inputs.length,
      vsize: Math.ceil(plan.weight / 4),
      waste: plan.waste,
      algorithm: plan.algorithm,
      highFee: plan.feeRate > cap,
      sanityCap: cap,
      label: destination.label,
      lightning: destination.lightning,
    };
  }

  private async scan(): Promise<ScanResult> {
    const got = await this.deps.store.get([this.cacheKey, this.scriptsKey]);
    const cached = got[this.cacheKey] as ScanCache | undefined;
    // Where this wallet's last walk ended opens each chain's window that far at once (a hint: it can only widen the walk).
    const hints = cached?.wallet === this.deps.root.fingerprint ? cached.next : undefined;
    const stored = got[this.scriptsKey] as StoredScripts | undefined;
    let known = stored?.wallet === this.walletTag() ? stored.scripts : undefined;
    let scan: ScanResult;
    try {
      scan = await discover(this.keys, this.esplora, { hints, known });
    } catch (err) {
      if (!(err instanceof KnownScriptMismatch)) throw err;
      // Stored scripts that are not this wallet's are replaced by what a full derivation sees.
      known = undefined;
      scan = await discover(this.keys, this.esplora, { hints });
    }
    const record: ScanCache = { receiveIndex: scan.nextIndex.p2wpkh[0], usedCount: scan.usedCount, at: this.deps.now(), wallet: this.deps.root.fingerprint, next: scan.nextIndex };
    const writes: Record<string, unknown> = { [this.cacheKey]: record };
    const seen = scannedScripts(scan);
    if (!known || Object.entries(seen).some(([k, list]) => list.length > (known[k as keyof KnownScripts]?.length ?? 0))) {
      writes[this.scriptsKey] = { wallet: this.walletTag(), scripts: seen } satisfies StoredScripts;
    }
    await this.deps.store.set(writes);
    return scan;
  }

  /** Names the key tree the stored scripts belong to (they are a function of its extended public key). */
  private walletTag(): string {
    this.tag ??= bytesToHex(sha256(utf8ToBytes(this.deps.root.publicExtendedKey))).slice(0, 32);
    return this.tag;
  }

  /**
   * The replacement of a send this wallet signed, rebuilt from its record (a send
   * the server merely reports is refused before anything else is asked).
   */
  private async planReplacement(txid: string, fee: FeeChoice): Promise<{ plan: BumpPlan & { send: OwnSend }; scan: ScanResult }> {
    const send = ownSend(await this.sends.get(txid), this.keys);
    const [scan, options] = await Promise.all([this.scan(), this.feeOptions()]);
    const seen = scan.txs.get(txid) ?? (await this.esplora.tx(txid));
    if (!seen) throw new WalletError('not_found', localText('err_bump_not_in_mempool'));
    if (seen.status.confirmed) throw new WalletError('not_bumpable', localText('err_rsk_already_mined'));
    const feeRate = resolveFeeRate(fee, options);
    const spent = new Set(send.inputs.map((i) => `${i.txid}:${i.vout}`));
    const extra = (await this.spendableUtxos(scan)).filter((u) => u.txid !== txid && !spent.has(`${u.txid}:${u.vout}`));
    return { plan: { ...planBump({ send, feeRate, extra, longTermFeeRate: options.longTerm }), send }, scan };
  }

  /**
   * Persist the signed transaction, then broadcast; a refused broadcast leaves no record.
   * Refused because the node already has it counts as sent: the record stays, holding its coins.
   */
  private async broadcastRecorded(record: Omit<SendRecord, 'state' | 'createdAt'>): Promise<string> {
    const { txid, hex } = record;
    await this.sends.put({ ...record, state: 'signed', createdAt: this.deps.now() });
    try {
      const accepted = await this.esplora.broadcast(hex);
      if (accepted !== txid) throw new WalletError('backend_error', localText('err_btc_broadcast_other_txid', this.esplora.host, accepted, txid), this.esplora.host);
    } catch (err) {
      // Refused: nothing moved. Unreachable: keep the record so the next refresh retries.
      if (alreadyOnNetwork(err)) {
        await this.sends.update(txid, { state: 'broadcast' });
        return txid;
      }
      if (err instanceof WalletError && err.code === 'broadcast_rejected') await this.sends.remove(txid);
      throw err;
    }
    await this.sends.update(txid, { state: 'broadcast' });
    return txid;
  }

  /** The scan's coins less those our own sends spent that it does not show yet (held-coins.ts). */
  private async spendableUtxos(scan: ScanResult) {
    return withoutHeld(utxosOf(scan), heldBySends(await this.sends.list(), scan, this.deps.now()));
  }

  /** Refuses to pay while a send signed earlier is neither on the network nor refused by it (see `send`). */
  private async refuseWhileSigned(scan: ScanResult): Promise<void> {
    for (const r of await this.sends.list()) {
      if (r.state !== 'signed') continue;
      if (!scan.txs.has(r.txid) && !(await this.esplora.tx(r.txid))) throw notYetSent(r.txid);
      await this.sends.update(r.txid, { state: 'broadcast' });
    }
  }

  /**
   * Sends what a dead worker (or a broadcast that got no answer) left signed: `sent`
   * when one went out now (the scan no longer shows the coins as they are), `stuck`
   * the ones still neither sent nor refused. Run under the account's lock, so no
   * payment is broadcasting a record while this sends it too.
   */
  private async resumeSignedSends(scan: ScanResult): Promise<{ sent: boolean; stuck: string[] }> {
    let sent = false;
    const stuck: string[] = [];
    for (const r of await this.sends.list()) {
      if (r.state !== 'signed') continue;
      if (scan.txs.has(r.txid) || (await this.esplora.tx(r.txid))) {
        await this.sends.update(r.txid, { state: 'broadcast' });
        continue;
      }
      try {
        await this.broadcastRecorded(r);
        sent = true;
      } catch (err) {
        // Refused: the record is gone and nothing moved. Otherwise it may still go out.
        if (!(err instanceof WalletError && err.code === 'broadcast_rejected')) stuck.push(r.txid);
      }
    }
    return { sent, stuck };
  }
}

function notYetSent(txid: string): WalletError {
  return new WalletError(
    'waiting',
    localText('err_btc_signed_not_sent', txid),
  );
}

