/**
 * The Liquid layer: a BIP84-style P2WPKH account on an Elements chain with
 * SLIP-77 blinding keys. Balances and history come from Esplora, unblinded
 * locally; sends are planned per asset, blinded, signed here in the background,
 * recorded as pending, then broadcast.
 */
import type { HDKey } from '@scure/bip32';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { WalletError } from '../../shared/errors';
import { localText } from '../../shared/local-text';
import { checkFeeCap } from '../../shared/fee-caps';
import type { LayerOverview } from '../../shared/layer-views';
import { presetPageExplorer } from '../../shared/explorer';
import { txUrl } from '../../shared/links';
import { formatAmountText, toAmountString, UNITS } from '../../shared/units';
import { layerStoreKey, type LayerDeps, type LayerService, type LayerEnv, type ReceiveView } from '../types';
import { activityOf, balancesOf, type ViewContext } from './activity';
import { parseLiquidAddress, type LiquidDestination } from './address';
import { assetInfo, knownAssets, type AssetInfo } from './assets';
import { blindOutputs } from './blind';
import { chainOf, type ElementsChain } from './chain';
import { LiquidEsplora } from './esplora';
import { liquidAccountKey, liquidAddressAt, liquidPrivateKey } from './keys';
import { liquidPendingSends, reconcilePending, type PendingSend } from './pending';
import type { SendStore } from '../send-store';
import { planSend, type SendPlan } from './plan';
import { KnownScriptMismatch, scannedScripts, scanWallet, type WalletScan } from './scan';
import { confirmedIn, ScanMemo, sessionMemoStore, type NextBlock } from '../scan-memo';
import { decodeRefresh, encodeRefresh, type LiquidRefresh } from './scan-codec';
import { assembleTransaction, signTransaction } from './transaction';
import type { OpenedAmount } from './unblind';
import { blindersOf, openWallet, rawTransaction, type WalletState } from './wallet-state';
import { loadZkp, type ZKP } from './zkp';

export interface LiquidSendDraft {
  /** Asset id (64 hex, display order); the L-BTC policy asset for L-BTC. */
  asset: string;
  /** Confidential or unconfidential address on the selected Elements chain. */
  to: string;
  /** In the asset's base units. */
  amount: bigint;
  /** sat/vB; defaults to the backend's estimate, never below 0.1. */
  feeRate?: number;
  /** On send: the fee the user reviewed; a plan paying anything else is not signed. */
  fee?: bigint;
}

export interface LiquidQuote {
  asset: string;
  symbol: string;
  decimals: number;
  to: string;
  /** Whether the destination output is blinded (confidential address). */
  confidential: boolean;
  amount: bigint;
  /** Always in L-BTC (the policy asset). */
  fee: bigint;
  feeAsset: string;
  feeRate: number;
  /** Discounted virtual size the fee pays for. */
  vsize: number;
  /** L-BTC leaving the wallet: amount + fee for an L-BTC send, the fee alone otherwise. */
  lbtcTotal: bigint;
  inputCount: number;
}

export interface LiquidSignedSend extends LiquidQuote {
  txid: string;
  hex: string;
}

export interface LiquidSendExtras {
  /** Called with the signed transaction before it is broadcast, to persist its txid first. */
  beforeBroadcast?: (signed: { txid: string; hex: string }) => Promise<void>;
}

export interface LiquidSendResult {
  txid: string;
  asset: string;
  amount: bigint;
  fee: bigint;
  explorerUrl: string;
}

export interface LiquidReceiveView extends ReceiveView {
  /** The same script without the blinding key (`tex1…`): senders to it reveal amount and asset. */
  unconfidential: string;
}

/** Where discovery ended last time, so receive() can start there. */
interface NextIndexes {
  0: number;
  1: number;
}

export class LiquidService implements LayerService {
  readonly layer = 'liquid' as const;
  readonly chain: ElementsChain;
  readonly policy: AssetInfo;
  private readonly esplora: LiquidEsplora;
  private readonly account: HDKey;
  private readonly pending: SendStore<PendingSend>;
  private readonly nextKey: string;
  private readonly amountsKey: string;
  private readonly scriptsKey: string;
  private tag: string | undefined;
  /** The last refresh's scan and tip, reused while the server's chain and mempool are unchanged (scan-memo.ts). */
  private readonly lastRefresh: ScanMemo<LiquidRefresh>;

  /**
   * `masterBlindingKey` is the SLIP-77 key (Keyring.masterBlindingKey): it comes
   * from the seed itself, not from the BIP32 root in `deps`. With `deps.env`, the
   * last refresh's scan is also kept in its storage.session for the next worker.
   */
  constructor(
    private readonly deps: LayerDeps<'liquid'> & { env?: Pick<LayerEnv, 'session'> },
    private readonly masterBlindingKey: Uint8Array,
  ) {
    this.chain = chainOf(deps.preset.params);
    this.policy = assetInfo(this.chain, this.chain.policyAsset);
    const http = deps.http(deps.preset.endpoints.esplora ?? '');
    this.esplora = new LiquidEsplora(http);
    this.account = liquidAccountKey(deps.root);
    const codec = { encode: encodeRefresh, decode: (raw: unknown) => decodeRefresh(raw, deps.preset.params) };
    this.lastRefresh = new ScanMemo(http, deps.now, sessionMemoStore(deps.env?.session, 'liquid', deps.preset.id, `${this.accountTag()}|${http.baseUrl}`, codec));
    this.pending = liquidPendingSends(deps.store, deps.preset.id);
    this.nextKey = layerStoreKey('liquid', deps.preset.id, 'next');
    this.amountsKey = layerStoreKey('liquid', deps.preset.id, 'amounts');
    this.scriptsKey = layerStoreKey('liquid', deps.preset.id, 'scripts');
  }

  /** Assets the registry preset names on this network (for an asset picker). */
  assets(): AssetInfo[] {
    return knownAssets(this.chain);
  }

  wipe(): void {
    this.account.wipePrivateData();
    this.lastRefresh.close();
  }

  async overview(): Promise<LayerOverview> {
    const known = await this.knownAmounts();
    const [scan, tip] = await this.lastRefresh.read(() => Promise.all([this.scan(), this.esplora.tipHeight()]), (kept, block) => this.afterBlock(kept, block));
    const state = await this.open(scan, known);
    const stillPending = await reconcilePending(this.pending, (txid) => scan.txs.has(txid), this.deps.now());
    const ctx = this.viewContext(tip);
    return {
      layer: 'liquid',
      network: this.deps.preset.id,
      balances: balancesOf(state.effects, ctx),
      activity: activityOf(state.effects, stillPending, ctx),
      updatedAt: this.deps.now(),
    };
  }

  /** The first receive address without history (one request per used address skipped). */
  async receive(): Promise<LiquidReceiveView> {
    const next = await this.nextIndexes();
    let index = next[0];
    for (let tries = 0; ; tries++, index++) {
      const addr = liquidAddressAt(this.account, this.masterBlindingKey, this.deps.preset.params, 0, index);
      const stats = await this.esplora.addressStats(addr.unconfidential);
      if (stats.chain_stats.tx_count + stats.mempool_stats.tx_count === 0 || tries >= 100) {
        if (index !== next[0]) await this.deps.store.set({ [this.nextKey]: { ...next, 0: index } });
        return { address: addr.confidential, uri: addr.confidential, path: addr.path, unconfidential: addr.unconfidential };
      }
    }
  }

  /** Devnet only: asks the local devnet's faucet for coins to the next receive address (confidential). */
  async devnetFaucet(sats: bigint, asset: 'lbtc' | 'test' = 'lbtc'): Promise<{ txid: string; address: string }> {
    if (this.deps.preset.id !== 'devnet') throw new WalletError('unsupported', localText('err_faucet_devnet_only'));
    const { address } = await this.receive();
    const http = this.deps.http(this.deps.preset.endpoints.esplora ?? '');
    const { txid } = await http.postJson<{ txid: string }>('/faucet', { address, sats: sats.toString(), asset });
    return { txid, address };
  }

  async quote(draft: LiquidSendDraft): Promise<LiquidQuote> {
    return (await this.prepare(draft)).quote;
  }

  /** Builds, blinds and signs without broadcasting (for review tooling and tests). */
  async buildSend(draft: LiquidSendDraft): Promise<LiquidSignedSend> {
    return (await this.sign(draft)).signed;
  }

  /** `extras.beforeBroadcast` sees the signed transaction before it is recorded or broadcast (a hop saves its txid first). */
  async send(draft: LiquidSendDraft, extras: LiquidSendExtras = {}): Promise<LiquidSendResult> {
    const { signed, plan } = await this.sign(draft);
    await extras.beforeBroadcast?.({ txid: signed.txid, hex: signed.hex });
    const record: PendingSend = {
      txid: signed.txid,
      hex: signed.hex,
      asset: signed.asset,
      amount: toAmountString(signed.amount),
      fee: toAmountString(signed.fee),
      to: signed.to,
      createdAt: this.deps.now(),
      spends: plan.inputs.map((i) => `${i.txid}:${i.vout}`),
      state: 'signed',
    };
    await this.pending.put(record);
    try {
      await this.esplora.broadcast(signed.hex);
    } catch (err) {
      // A refusal means nothing was spent; anything else may have reached the network.
      if (err instanceof WalletError && err.code === 'broadcast_rejected') await this.pending.remove(signed.txid);
      throw err;
    }
    await this.pending.put({ ...record, state: 'broadcast' });
    return { txid: signed.txid, asset: signed.asset, amount: signed.amount, fee: signed.fee, explorerUrl: this.explorerUrl(signed.txid) };
  }

  /**
   * A send to `address` signed earlier and perhaps never broadcast (a worker killed
   * in between): broadcast it again and return its txid, so the caller never pays twice.
   */
  async resendPendingTo(address: string): Promise<string | null> {
    const found = (await this.pending.list()).find((p) => p.to === address);
    if (!found) return null;
    try {
      await this.esplora.broadcast(found.hex);
    } catch (err) {
      if (!(await this.esplora.tx(found.txid).catch(() => null))) throw err;
    }
    return found.txid;
  }

  private async sign(draft: LiquidSendDraft): Promise<{ signed: LiquidSignedSend; plan: SendPlan }> {
    // Only the range proofs need the WASM (opening outputs does not): it compiles while the wallet is scanned.
    const zkpLoading = startZkp();
    const { quote, plan } = await this.prepare(draft);
    // The coins (and so the size) may have changed since the review: never sign a fee the user did not see.
    if (draft.fee !== undefined && plan.fee !== draft.fee) {
      throw new WalletError('fee_changed', localText('err_fee_changed_sats', formatAmountText(plan.fee, 0, UNITS.SAT.symbol), formatAmountText(draft.fee, 0, UNITS.SAT.symbol)));
    }
    const zkp = await zkpLoading;
    const inputs = plan.inputs.map((i) => blindersOf(i, this.masterBlindingKey));
    const outputs = blindOutputs(zkp, inputs, plan.outputs);
    const tx = assembleTransaction(plan.inputs, outputs, plan.fee, this.policy.id);
    signTransaction(tx, plan.inputs, (chain, index) => liquidPrivateKey(this.account, chain, index));
    return { signed: { ...quote, txid: tx.getId(), hex: tx.toHex() }, plan };
  }

  /**
   * `quote` for one short task (a route plan pricing many payments): the wallet is
   * scanned and opened once, with the fee rate, by the first quote; later quotes of
   * this quoter plan from that. Quotes only; a send always scans anew, so drop the
   * quoter with the task.
   */
  quoter(): (draft: LiquidSendDraft) => Promise<LiquidQuote> {
    let seen: Promise<WalletSeen> | undefined;
    return async (draft) => {
      this.validate(draft);
      // A failed scan fails this task's quotes alike, as the plan's memo of GETs does.
      seen ??= this.look();
      const { scan, state, feeRate } = await seen;
      return (await this.prepare(draft, { scan, state, feeRate: draft.feeRate ?? feeRate })).quote;
    };
  }

  /** The wallet scanned and opened now, with the Esplora's fee rate. */
  private async look(feeRate?: number): Promise<WalletSeen> {
    const known = await this.knownAmounts();
    const [scan, rate] = await Promise.all([this.scan(), feeRate ?? this.esplora.feeRate()]);
    return { scan, state: await this.open(scan, known), feeRate: rate };
  }

  private async prepare(draft: LiquidSendDraft, seen?: WalletSeen): Promise<{ quote: LiquidQuote; plan: SendPlan }> {
    const { asset, destination } = this.validate(draft);
    const { scan, state, feeRate } = seen ?? (await this.look(draft.feeRate));
    const pending = await reconcilePending(this.pending, (txid) => scan.txs.has(txid), this.deps.now());
    const change = liquidAddressAt(this.account, this.masterBlindingKey, this.deps.preset.params, 1, scan.nextIndex[1]);
    const plan = planSend({
      utxos: spendable(state, pending),
      asset,
      amount: draft.amount,
      destination,
      change: { script: change.script, blindingKey: change.blindingPublicKey },
      policy: this.policy,
      feeRate: Math.max(0.1, feeRate),
    });
    checkFeeCap('liquid', plan.fee, asset.id === this.policy.id ? draft.amount : undefined, 'send');
    const quote: LiquidQuote = {
      asset: asset.id,
      symbol: asset.ticker,
      decimals: asset.precision,
      to: destination.address,
      confidential: destination.blindingKey !== undefined,
      amount: draft.amount,
      fee: plan.fee,
      feeAsset: this.policy.id,
      feeRate: plan.feeRate,
      vsize: plan.vsize,
      lbtcTotal: asset.id === this.policy.id ? draft.amount + plan.fee : plan.fee,
      inputCount: plan.inputs.length,
    };
    return { quote, plan };
  }

  private validate(draft: LiquidSendDraft): { asset: AssetInfo; destination: LiquidDestination } {
    const id = typeof draft.asset === 'string' ? draft.asset.trim().toLowerCase() : '';
    if (!/^[0-9a-f]{64}$/.test(id)) throw new WalletError('bad_params', localText('err_liquid_choose_asset'));
    if (typeof draft.amount !== 'bigint' || draft.amount <= 0n) throw new WalletError('bad_amount', localText('err_amount_zero'));
    if (draft.feeRate !== undefined && !(Number.isFinite(draft.feeRate) && draft.feeRate > 0 && draft.feeRate <= 1000)) {
      throw new WalletError('bad_fee_rate', localText('err_fee_rate_range'));
    }
    return { asset: assetInfo(this.chain, id), destination: parseLiquidAddress(String(draft.to ?? ''), this.deps.preset.params) };
  }

  private async scan(): Promise<WalletScan> {
    const got = await this.deps.store.get([this.nextKey, this.scriptsKey]);
    const stored = nextIndexesOf(got[this.nextKey]);
    let known = storedScripts(got[this.scriptsKey], this.accountTag());
    const keys = { account: this.account, masterBlindingKey: this.masterBlindingKey, params: this.deps.preset.params };
    // Raw transactions are fetched as the scan lists them (openWallet reads them next); a failure surfaces there.
    const prefetch = (txid: string) => void rawTransaction(this.esplora, txid).catch(() => undefined);
    // Where the last walk (or receive()) got to opens each chain's window that far at once; it can only widen the walk.
    let scan: WalletScan;
    try {
      scan = await scanWallet(this.esplora, { ...keys, known }, undefined, stored, prefetch);
    } catch (err) {
      if (!(err instanceof KnownScriptMismatch)) throw err;
      // Stored scripts that are not this account's are replaced by what a full derivation sees.
      known = undefined;
      scan = await scanWallet(this.esplora, keys, undefined, stored, prefetch);
    }
    const writes: Record<string, unknown> = {};
    // receive() may have moved past indexes the scan has not seen used yet; keep the larger.
    const next = { 0: Math.max(stored[0], scan.nextIndex[0]), 1: Math.max(stored[1], scan.nextIndex[1]) };
    if (next[0] !== stored[0] || next[1] !== stored[1]) writes[this.nextKey] = next;
    const seen = scannedScripts(scan);
    if (!known || seen[0].length > (known[0]?.length ?? 0) || seen[1].length > (known[1]?.length ?? 0)) {
      writes[this.scriptsKey] = { account: this.accountTag(), 0: mergeScripts(known?.[0], seen[0]), 1: mergeScripts(known?.[1], seen[1]) } satisfies StoredScripts;
    }
    if (Object.keys(writes).length) await this.deps.store.set(writes);
    return scan;
  }

  /**
   * The kept refresh moved on by one block (scan-memo.ts): its transactions in the block
   * confirmed there, as Esplora's status would say. Undefined (scan in full) when the
   * block's first transaction, read raw and checked against its txid, is not a coinbase
   * or pays one of the scanned scripts.
   */
  private async afterBlock([scan]: LiquidRefresh, block: NextBlock): Promise<LiquidRefresh | undefined> {
    for (const txid of block.outside) {
      const tx = await rawTransaction(this.esplora, txid);
      if (!tx.isCoinbase() || tx.outs.some((o) => scan.addresses.has(bytesToHex(o.script)))) return undefined;
    }
    const status = { confirmed: true, block_height: block.height, block_hash: block.hash, block_time: block.time };
    const txs = confirmedIn(scan.txs, block, (t) => ({ confirmed: t.status.confirmed, height: t.status.block_height }), (t) => ({ ...t, status: { ...status } }));
    return txs && [{ ...scan, txs }, block.height];
  }

  /** Names the account whose scripts are stored (they are a function of its extended public key alone). */
  private accountTag(): string {
    this.tag ??= bytesToHex(sha256(utf8ToBytes(this.account.publicExtendedKey))).slice(0, 32);
    return this.tag;
  }

  /** The asset and amount of each output opened before, as persisted. */
  private async knownAmounts(): Promise<Map<string, OpenedAmount>> {
    const stored = (await this.deps.store.get([this.amountsKey]))[this.amountsKey] as Record<string, [string, string, boolean]> | undefined;
    const known = new Map<string, OpenedAmount>();
    for (const [outpoint, [asset, value, confidential]] of Object.entries(stored ?? {})) known.set(outpoint, { asset, value: BigInt(value), confidential });
    return known;
  }

  /** Opens the wallet's outputs, reusing and then saving the persisted asset/amount of each. */
  private async open(scan: WalletScan, known: ReadonlyMap<string, OpenedAmount>): Promise<WalletState> {
    const state = await openWallet(this.esplora, scan, this.masterBlindingKey, known);
    if ([...state.amounts.keys()].some((k) => !known.has(k))) {
      const record = Object.fromEntries([...state.amounts].map(([k, a]) => [k, [a.asset, a.value.toString(), a.confidential]]));
      await this.deps.store.set({ [this.amountsKey]: record });
    }
    return state;
  }

  private async nextIndexes(): Promise<NextIndexes> {
    return nextIndexesOf((await this.deps.store.get([this.nextKey]))[this.nextKey]);
  }

  private viewContext(tip: number): ViewContext {
    return {
      policy: this.policy,
      info: (a) => assetInfo(this.chain, a),
      params: this.deps.preset.params,
      tip,
      explorer: presetPageExplorer(this.deps.preset) ?? '',
    };
  }

  private explorerUrl(txid: string): string {
    return txUrl(presetPageExplorer(this.deps.preset), txid) ?? '';
  }
}

function nextIndexesOf(stored: unknown): NextIndexes {
  const v = stored as Partial<NextIndexes> | undefined;
  return { 0: Number(v?.[0] ?? 0), 1: Number(v?.[1] ?? 0) };
}

/** One look at the wallet: its scan, its outputs opened, and the fee rate then. */
interface WalletSeen {
  scan: WalletScan;
  state: WalletState;
  feeRate: number;
}

/** Public scripts of one account's addresses, kept across workers (scan.ts `ScanKeys.known`). */
interface StoredScripts {
  account: string;
  0?: string[];
  1?: string[];
}

/** The stored scripts if they are this account's (`tag`) and well formed; each script is checked again where it is used. */
function storedScripts(v: unknown, tag: string): StoredScripts | undefined {
  const s = v as Partial<StoredScripts> | undefined;
  if (s?.account !== tag || !Array.isArray(s[0] ?? []) || !Array.isArray(s[1] ?? [])) return undefined;
  return { account: tag, 0: s[0] ?? [], 1: s[1] ?? [] };
}

/** What was stored, with what this scan saw written over it (a scan looks at indexes from 0, so `seen` is dense). */
function mergeScripts(stored: readonly string[] | undefined, seen: readonly string[]): string[] {
  const out = [...(stored ?? [])];
  seen.forEach((hex, i) => (out[i] = hex));
  return out;
}

/** Starts compiling the WASM alongside network requests; a failure surfaces where it is awaited. */
function startZkp(): Promise<ZKP> {
  const p = loadZkp();
  p.catch(() => undefined);
  return p;
}

/** Unspent outputs minus those a not-yet-indexed send of ours already spends. */
function spendable(state: WalletState, pending: readonly PendingSend[]) {
  const taken = new Set(pending.flatMap((p) => p.spends));
  return state.utxos.filter((u) => !taken.has(`${u.txid}:${u.vout}`));
}

