/**
 * The L-BTC side of a swap: claiming Boltz's Liquid lockup and refunding ours.
 * Like the Bitcoin side (sides.ts) every action reads the chain first, so it can
 * be repeated after a crash: a lockup already swept is reported, never swept twice.
 */
import { hexToBytes } from '@noble/hashes/utils.js';
import { WalletError } from '../../shared/errors';
import type { LocalText } from '../../shared/local-text';
import type { HopKey } from '../keys';
import type { HopContext } from '../mechanism';
import type { HopRecord } from '../types';
import { explorerLink } from './assets';
import type { BuiltSpend, CosignFn } from './btc-spend';
import { LiquidChain, payoutOn } from './chains';
import { claimGate } from './claim-guard';
import { buildLiquidCooperativeSpend, buildLiquidScriptPathSpend, type LiquidSpendParams } from './liquid-spend';
import { dataOf, withSide } from './record';
import { savedSpend, spendOfLockup } from './spends';
import { parseTree } from './taproot';

export interface LiquidSideResult {
  record: HopRecord;
  txid?: string;
  link?: string;
  /** Refunds: not yet possible (Boltz declined and the timeout has not passed). */
  waitUntilHeight?: number;
  /** Claims: the rule that applies, and why not while it holds (see claimGate). */
  note?: LocalText;
  refused?: string;
  /** Claims: our claim is in a block; or Boltz's lockup was spent by another transaction (see spendOfLockup). */
  confirmed?: boolean;
  takenBack?: string;
}

type SideName = 'lock' | 'claim';

/** The side's lockup on chain, and its spender if it has one (whose, the caller decides). */
async function locate(r: HopRecord, name: SideName, chain: LiquidChain) {
  const s = dataOf(r)[name]!;
  const found = await chain.findLockup(s.address, s.blindingKey);
  if (!found) return { record: r, found: null, spent: null } as const;
  const record = withSide(r, name, { txid: found.txid, vout: found.vout });
  const spent = await chain.spender(found.txid, found.vout);
  return { record, found, spent } as const;
}

/** What a sweep of the found lockup needs, but the preimage or timeout. */
async function sweepParams(r: HopRecord, name: SideName, key: HopKey, chain: LiquidChain, found: LiquidSpendParams['lockup']): Promise<Omit<LiquidSpendParams, 'preimage' | 'timeoutBlockHeight'>> {
  const s = dataOf(r)[name]!;
  return {
    zkp: await chain.zkp(),
    genesisBlockHash: chain.chain.genesisBlockHash,
    policyAsset: chain.chain.policyAsset,
    privateKey: key.privateKey,
    publicKey: key.publicKey,
    boltzPublicKey: hexToBytes(s.boltzPublicKey!),
    lockup: found,
    tree: parseTree(s.tree),
    destination: chain.destination(await payoutOn([s.payoutAddress, dataOf(r).payoutAddress], (a) => chain.destination(a), () => chain.payoutAddress())),
    feeRate: await chain.feeRate(),
  };
}

/** Saved as ours before it is broadcast, so a spend found later is known for ours. */
async function sent(ctx: HopContext, chain: LiquidChain, r: HopRecord, name: SideName, built: BuiltSpend): Promise<LiquidSideResult> {
  const record = await savedSpend(ctx, r, name, built.txid);
  const txid = await chain.broadcast(built.hex, built.txid);
  return { record, txid, link: explorerLink(ctx, 'liquid', txid), confirmed: false };
}

/** Claims Boltz's L-BTC lockup with the preimage: key path when Boltz co-signs, else the claim leaf. */
export async function claimLiquid(ctx: HopContext, r: HopRecord, name: SideName, key: HopKey, cosign: CosignFn | null): Promise<LiquidSideResult> {
  const chain = new LiquidChain(ctx);
  const s = dataOf(r)[name]!;
  const p = await locate(r, name, chain);
  if (!p.found) return { record: r };
  if (p.found.opened.value < BigInt(s.amount)) {
    throw new WalletError('backend_error', `Boltz locked ${p.found.opened.value} sats of L-BTC instead of the agreed ${s.amount}; the wallet does not claim.`);
  }
  // Liquid has no fee market to bump in: blocks every minute take what pays the floor rate.
  if (p.spent) return spendOfLockup(ctx, chain, p.record, name, p.found, p.spent, key);
  const gate = claimGate(ctx, r, s, { value: p.found.opened.value, confirmed: p.found.confirmed }, await chain.tip());
  if (gate.wait || gate.refused) return { record: p.record, note: gate.note, refused: gate.refused };
  const params = { ...(await sweepParams(r, name, key, chain, p.found)), preimage: key.preimage };
  let built: BuiltSpend;
  try {
    if (!cosign) throw new WalletError('backend_error', 'no co-signer');
    built = await buildLiquidCooperativeSpend(params, cosign);
  } catch {
    built = buildLiquidScriptPathSpend(params);
  }
  return { ...(await sent(ctx, chain, p.record, name, built)), note: gate.note };
}

/** Refunds our L-BTC lockup: key path when Boltz co-signs, else the refund leaf once the timeout height is reached. */
export async function refundLiquid(ctx: HopContext, r: HopRecord, key: HopKey, cosign: CosignFn | null): Promise<LiquidSideResult> {
  const chain = new LiquidChain(ctx);
  const s = dataOf(r).lock!;
  const p = await locate(r, 'lock', chain);
  if (!p.found) return { record: r };
  if (p.spent) return { record: withSide(p.record, 'lock', { spendTxid: p.spent }), txid: p.spent, link: explorerLink(ctx, 'liquid', p.spent) };
  const params = { ...(await sweepParams(r, 'lock', key, chain, p.found)), timeoutBlockHeight: s.timeoutBlockHeight };
  let built: BuiltSpend | undefined;
  if (cosign) built = await buildLiquidCooperativeSpend(params, cosign).catch(() => undefined);
  if (!built) {
    // Elements checks nLockTime against the height of the block that would include it.
    if ((await chain.tip()) < s.timeoutBlockHeight) return { record: p.record, waitUntilHeight: s.timeoutBlockHeight };
    built = buildLiquidScriptPathSpend(params);
  }
  return sent(ctx, chain, p.record, 'lock', built);
}
