/**
 * Telling our spends of a swap lockup from anyone else's: a claim or refund we
 * sign is saved as ours (its txid) before it is broadcast, and a spend found on
 * chain is ours only if we saved it or its witness carries our preimage.
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import { WalletError } from '../../shared/errors';
import { localText } from '../../shared/local-text';
import type { HopKey } from '../keys';
import type { HopContext } from '../mechanism';
import type { HopRecord } from '../types';
import { explorerLink } from './assets';
import { preimageIn, type BtcChain, type LiquidChain, type Outpoint } from './chains';
import { dataOf, withSide } from './record';
import type { SideData } from './shapes';

export type SideName = 'lock' | 'claim';

/** What a look at one side found: our spend of it (`txid`, confirmed or not), or another's (`takenBack`). */
export interface SpendFound {
  record: HopRecord;
  txid?: string;
  link?: string;
  confirmed?: boolean;
  takenBack?: string;
}

/** The side `name` of a Boltz hop (a hop without it is a bug). */
export function side(r: HopRecord, name: SideName): SideData {
  const s = dataOf(r)[name];
  if (!s) throw new WalletError('internal', localText('err_hop_internal', localText('hopText_boltz_no_side', name)));
  return s;
}

/**
 * Notes a claim or refund we signed as ours (with its miner fee when known), and saves
 * the record before it is broadcast. The highest fee is kept: whichever of our spends
 * confirms, what it paid out is at least the lockup less that fee.
 */
export async function savedSpend(ctx: HopContext, r: HopRecord, name: SideName, txid: string, fee?: bigint): Promise<HopRecord> {
  const s = side(r, name);
  const prior = s.spendFee !== undefined && /^\d+$/.test(s.spendFee) ? BigInt(s.spendFee) : undefined;
  const highest = fee === undefined ? prior : prior === undefined || fee > prior ? fee : prior;
  const record = withSide(r, name, {
    spendTxid: txid,
    spendTxids: [...(s.spendTxids ?? []).filter((t) => t !== txid), txid],
    ...(highest === undefined ? {} : { spendFee: highest.toString() }),
  });
  await ctx.save?.(record);
  return record;
}

/**
 * What the spend `spent` of Boltz's lockup is: our claim (we signed it: its txid is
 * one we saved, its witness carries our preimage, or it is a key-path spend, which
 * needs a partial signature the wallet gives only for its own claims of this
 * output), with whether it is in a block; or Boltz's own refund (`takenBack`).
 */
export async function spendOfLockup(
  ctx: HopContext,
  chain: BtcChain | LiquidChain,
  r: HopRecord,
  name: SideName,
  lockup: Outpoint,
  spent: string,
  key: HopKey,
): Promise<SpendFound> {
  const s = side(r, name);
  const signed = spent === s.spendTxid || (s.spendTxids ?? []).includes(spent);
  const witness = signed ? [] : ((await chain.spendWitness(spent, lockup)) ?? []);
  const ours = signed || witness.length === 1 || preimageIn(witness, bytesToHex(key.preimageHash)) !== null;
  if (!ours) return { record: withSide(r, name, { takenBack: spent }), takenBack: spent };
  const confirmed = await chain.confirmed(spent);
  return { record: withSide(r, name, { spendTxid: spent, ...(confirmed ? { spendConfirmed: true } : {}) }), txid: spent, link: explorerLink(ctx, chain.layer, spent), confirmed };
}
