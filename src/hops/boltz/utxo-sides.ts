/**
 * The Bitcoin and L-BTC sides of a swap: finding and funding a lockup, claiming
 * Boltz's, refunding ours. One path for both chains; each gives its lockup search,
 * funding and spend builders. Every action reads the chain first, so it can be
 * repeated after a crash: a lockup already swept is reported, never swept twice.
 */
import { hexToBytes } from '@noble/hashes/utils.js';
import { WalletError } from '../../shared/errors';
import { localText, type LocalText } from '../../shared/local-text';
import type { HopKey } from '../keys';
import type { HopContext } from '../mechanism';
import type { HopRecord } from '../types';
import { explorerLink } from './assets';
import { buildCooperativeSpend, buildScriptPathSpend, type BuiltSpend, type CosignFn, type SpendKeys, type SpendParams } from './btc-spend';
import { BtcChain, LiquidChain, payoutOn, type Outpoint } from './chains';
import { claimGate } from './claim-guard';
import { buildLiquidCooperativeSpend, buildLiquidScriptPathSpend } from './liquid-spend';
import { dataOf, withSide } from './record';
import type { SideData } from './shapes';
import type { RefundOutcome, SideResult } from './side-result';
import { savedSpend, side, spendOfLockup, type SideName } from './spends';
import { parseTree } from './taproot';
import { causeOf, CLAIM_MARGIN } from './verify';

/** A lockup found on chain: its outpoint, the sats it holds (opened, on Liquid), whether it is in a block. */
export interface FoundLockup extends Outpoint {
  value: bigint;
  confirmed: boolean;
}

/** How a claim (the preimage) or a refund (the timeout, for nLockTime) ends a sweep. */
type SweepEnd = { preimage: Uint8Array } | { timeoutBlockHeight: number };

/** The two ways to spend a found lockup: key path with Boltz's co-signature, or our leaf alone. */
interface Sweep {
  cooperative(cosign: CosignFn): Promise<BuiltSpend>;
  scriptPath(): BuiltSpend;
}

/** What claims and refunds need of one UTXO chain. */
export interface UtxoSide<F extends FoundLockup = FoundLockup> {
  readonly chain: BtcChain | LiquidChain;
  find(s: SideData): Promise<F | null>;
  /** Pays exactly the side's amount to its lockup from the wallet's coins, unless a lockup is already there (the record may carry what was saved before broadcast). */
  fund(r: HopRecord, s: SideData): Promise<{ txid: string; record: HopRecord }>;
  sweep(r: HopRecord, name: SideName, key: HopKey, found: F, end: SweepEnd): Promise<Sweep>;
  /** Why the wallet does not claim a lockup holding less than agreed. */
  lockedTooLittle(found: F, s: SideData): LocalText;
  /** After our claim is found unconfirmed (Bitcoin re-sends it at a higher fee near the timeout). */
  unconfirmedClaim?(ctx: HopContext, res: SideResult, r: HopRecord, name: SideName, key: HopKey, found: F): Promise<SideResult>;
}

/** Our keys, Boltz's, the swap tree and where the sweep pays out: what a sweep on either chain takes. */
async function sweepKeys<D>(r: HopRecord, name: SideName, key: HopKey, destination: (address: string) => D, fresh: () => Promise<string>) {
  const s = side(r, name);
  const keys: SpendKeys = { privateKey: key.privateKey, publicKey: key.publicKey, boltzPublicKey: hexToBytes(s.boltzPublicKey!) };
  const payout = await payoutOn([s.payoutAddress, dataOf(r).payoutAddress], destination, fresh);
  return { ...keys, tree: parseTree(s.tree), destination: destination(payout) };
}

/** What a sweep of a found Bitcoin lockup needs, at `feeRate` (else the current estimate). */
async function btcSweepParams(chain: BtcChain, r: HopRecord, name: SideName, key: HopKey, found: SpendParams['output'], end: SweepEnd, feeRate?: number): Promise<SpendParams> {
  const base = await sweepKeys(r, name, key, (a) => chain.script(a), () => chain.payoutAddress());
  return { ...base, ...end, output: found, feeRate: feeRate ?? (await chain.feeRate()) };
}

function bitcoinSide(ctx: HopContext): UtxoSide<Awaited<ReturnType<BtcChain['findLockup']>> & object> {
  const chain = new BtcChain(ctx);
  return {
    chain,
    find: (s) => chain.findLockup(s.address),
    fund: (r) => chain.fund(r),
    sweep: async (r, name, key, found, end) => {
      const p = await btcSweepParams(chain, r, name, key, found, end);
      return { cooperative: (cosign) => buildCooperativeSpend(p, cosign), scriptPath: () => buildScriptPathSpend(p) };
    },
    lockedTooLittle: (found, s) => localText('err_boltz_locked_too_little', String(found.value), s.amount),
    unconfirmedClaim: (hop, res, r, name, key, found) => claimBump(hop, chain, res, name, (rate) => btcSweepParams(chain, r, name, key, found, { preimage: key.preimage }, rate)),
  };
}

function liquidSide(ctx: HopContext): UtxoSide<Awaited<ReturnType<LiquidChain['findLockup']>> & object> {
  const chain = new LiquidChain(ctx);
  return {
    chain,
    find: (s) => chain.findLockup(s.address, s.blindingKey),
    fund: (r) => chain.fund(r),
    sweep: async (r, name, key, found, end) => {
      const base = await sweepKeys(r, name, key, (a) => chain.destination(a), () => chain.payoutAddress());
      const p = { ...base, ...end, zkp: await chain.zkp(), genesisBlockHash: chain.chain.genesisBlockHash, policyAsset: chain.chain.policyAsset, lockup: found, feeRate: await chain.feeRate() };
      return { cooperative: (cosign) => buildLiquidCooperativeSpend(p, cosign), scriptPath: () => buildLiquidScriptPathSpend(p) };
    },
    lockedTooLittle: (found, s) => localText('err_boltz_locked_too_little_lbtc', String(found.value), s.amount),
    // Liquid has no fee market to bump in: blocks every minute take what pays the floor rate.
  };
}

/** The side of a swap on Bitcoin or Liquid. */
export const UTXO_SIDES: { [L in 'bitcoin' | 'liquid']: (ctx: HopContext) => UtxoSide } = {
  bitcoin: bitcoinSide,
  liquid: liquidSide,
};

/** Saved as ours before it is broadcast, so a spend found later is known for ours. */
async function broadcastSaved(ctx: HopContext, side: UtxoSide, r: HopRecord, name: SideName, built: BuiltSpend): Promise<SideResult> {
  const record = await savedSpend(ctx, r, name, built.txid, built.fee);
  const txid = await side.chain.broadcast(built.hex, built.txid);
  return { record, txid, link: explorerLink(ctx, side.chain.layer, txid), confirmed: false };
}

/**
 * Claims Boltz's lockup on `name` with our key and preimage: key path when Boltz
 * co-signs, else the claim leaf. A spend already there is ours or Boltz's taking
 * it back (spendOfLockup); the lockup must hold the agreed amount and pass the
 * claim gate first.
 */
export async function claimUtxo(ctx: HopContext, side: UtxoSide, r: HopRecord, name: SideName, key: HopKey, cosign: CosignFn | null): Promise<SideResult> {
  const s = dataOf(r)[name]!;
  const found = await side.find(s);
  if (!found) return { record: r };
  const record = withSide(r, name, { txid: found.txid, vout: found.vout });
  if (found.value < BigInt(s.amount)) throw new WalletError('backend_error', side.lockedTooLittle(found, s));
  const spent = await side.chain.spender(found.txid, found.vout);
  if (spent) {
    const res = await spendOfLockup(ctx, side.chain, record, name, found, spent, key);
    return res.txid && !res.confirmed && side.unconfirmedClaim ? side.unconfirmedClaim(ctx, res, r, name, key, found) : res;
  }
  const gate = claimGate(ctx, r, s, found, await side.chain.tip());
  if (gate.wait || gate.refused) return { record, note: gate.note, refused: gate.refused };
  const sweep = await side.sweep(r, name, key, found, { preimage: key.preimage });
  let built: BuiltSpend;
  try {
    built = cosign ? await sweep.cooperative(cosign) : sweep.scriptPath();
  } catch {
    built = sweep.scriptPath();
  }
  return { ...(await broadcastSaved(ctx, side, arriving(record, name, found.value, built.fee), name, built)), note: gate.note };
}

/**
 * The hop's expected amount once our claim of a lockup of `value` is signed paying `fee`: what
 * really arrives, whatever rate the quote assumed (a chain's next leg moves this). Saved with the
 * claim, before it is broadcast.
 */
function arriving(r: HopRecord, name: SideName, value: bigint, fee: bigint): HopRecord {
  return name === 'claim' ? { ...r, expectedReceive: (value - fee).toString() } : r;
}

/** Refunds our lockup: key path when Boltz co-signs, else the refund leaf once the timeout height is reached. */
export async function refundUtxo(ctx: HopContext, side: UtxoSide, r: HopRecord, key: HopKey, cosign: CosignFn | null): Promise<RefundOutcome> {
  const s = dataOf(r).lock!;
  const found = await side.find(s);
  if (!found) return { record: r };
  const record = withSide(r, 'lock', { txid: found.txid, vout: found.vout });
  const spent = await side.chain.spender(found.txid, found.vout);
  if (spent) return { record: withSide(record, 'lock', { spendTxid: spent }), txid: spent, link: explorerLink(ctx, side.chain.layer, spent) };
  const sweep = await side.sweep(r, 'lock', key, found, { timeoutBlockHeight: s.timeoutBlockHeight });
  let built: BuiltSpend | undefined;
  if (cosign) built = await sweep.cooperative(cosign).catch(() => undefined);
  if (!built) {
    // The script path needs nLockTime at the timeout, which nodes check against the next block.
    if ((await side.chain.tip()) < s.timeoutBlockHeight) return { record, waitUntilHeight: s.timeoutBlockHeight };
    built = sweep.scriptPath();
  }
  return broadcastSaved(ctx, side, record, 'lock', built);
}

/** Blocks left before Boltz's timeout at which an unconfirmed claim of ours is re-sent at a higher fee (half the claim margin). */
export const CLAIM_BUMP_LEFT = CLAIM_MARGIN.BTC / 2;

/**
 * Our Bitcoin claim is not in a block and Boltz's timeout is CLAIM_BUMP_LEFT blocks
 * away or less: from then on Boltz may refund its lockup and displace the claim,
 * having seen our preimage. The claim (boltz-core signals BIP125 replaceability)
 * is signed again by the script path, which needs nothing from Boltz, at twice its
 * fee rate or the current estimate if higher, at most once a block and within the
 * fee caps.
 */
export async function claimBump(ctx: HopContext, chain: BtcChain, res: SideResult, name: SideName, params: (feeRate?: number) => Promise<SpendParams>): Promise<SideResult> {
  const s = side(res.record, name);
  const tip = await chain.tip();
  if (s.timeoutBlockHeight - tip > CLAIM_BUMP_LEFT || (s.bumpedAt ?? -1) >= tip) return res;
  const previous = await chain.esplora.tx(res.txid!);
  if (!previous || previous.status.confirmed) return res;
  const vbytes = Math.ceil(previous.weight / 4);
  const rate = Math.max(await chain.feeRate(), Math.ceil((Number(previous.fee) / vbytes) * 2));
  let built;
  let value: bigint;
  try {
    const p = await params(rate);
    value = p.output.value;
    built = buildScriptPathSpend(p);
  } catch (err) {
    const why = causeOf(err, localText('hopText_bump_unbuildable'));
    return { ...res, note: localText('hopNote_claim_bump_failed', String(s.timeoutBlockHeight - tip), why) };
  }
  const record = await savedSpend(ctx, arriving(withSide(res.record, name, { bumpedAt: tip }), name, value, built.fee), name, built.txid, built.fee);
  const txid = await chain.broadcast(built.hex, built.txid);
  return {
    record,
    txid,
    link: explorerLink(ctx, 'bitcoin', txid),
    confirmed: false,
    note: localText('hopNote_claim_bumped', String(s.timeoutBlockHeight - tip), String(rate)),
  };
}
