/**
 * Fee bump by replacement (BIP125) of a send the wallet signed: the same inputs
 * and outputs in the same order at a higher rate, paid from the change output,
 * from the recipient on a "max" send, or from extra coins. The replacement must
 * pay at least the old fee plus the incremental relay fee for its own size, and
 * a higher rate. The plan is deterministic, so the one signed is the one reviewed.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { WalletError } from '../../shared/errors';
import { checkFeeCap } from '../../shared/fee-caps';
import { selectCoins } from './coin-selection';
import { seededRandom } from './coin-selection/seeded-random';
import { feeForWeight, formatSatPerVb, INCREMENTAL_RELAY_FEE_RATE, rateOf, type FeeRate } from './fee-rate';
import type { OwnedAddress } from './keys';
import type { OwnSend } from './own-send';
import { DUST_LIMIT, INPUT_WEIGHT, outputWeight, scriptKind, TX_OVERHEAD_WEIGHT } from './script-types';
import type { SpendInput, SpendOutput } from './signing';
import type { Utxo } from './wallet-state';
import { localText } from '../../shared/local-text';

export interface BumpPlan {
  replaces: string;
  inputs: SpendInput[];
  outputs: SpendOutput[];
  /** Our change in `outputs`, if any is left. */
  change?: { vout: number; owner: OwnedAddress };
  fee: bigint;
  feeRate: FeeRate;
  oldFee: bigint;
  oldRate: FeeRate;
}

export function minimumBumpRate(send: Pick<OwnSend, 'fee' | 'weight'>): FeeRate {
  return rateOf(send.fee, send.weight) + INCREMENTAL_RELAY_FEE_RATE;
}

/** Binds a review to what will be signed: every input, every output and the fee. */
export function bumpReviewId(plan: BumpPlan): string {
  const text = [
    plan.replaces,
    ...plan.inputs.map((i) => `in ${i.txid}:${i.vout}:${i.value}`),
    ...plan.outputs.map((o) => `out ${bytesToHex(o.script)}:${o.value}`),
    `fee ${plan.fee}`,
  ].join('\n');
  return bytesToHex(sha256(utf8ToBytes(text)));
}

export function planBump(args: {
  send: OwnSend;
  feeRate: FeeRate;
  /** Other spendable coins, for when change cannot pay the difference. */
  extra: Utxo[];
  longTermFeeRate: FeeRate;
}): BumpPlan {
  const { send, feeRate } = args;
  const oldRate = rateOf(send.fee, send.weight);
  const minRate = minimumBumpRate(send);
  if (feeRate < minRate) {
    throw new WalletError('bad_fee_rate', localText('err_bump_min_rate', formatSatPerVb(minRate), formatSatPerVb(oldRate)));
  }
  const { inputs } = send;
  const change = send.change;
  const changeOut = change ? send.outputs[change.vout]! : undefined;
  const recipients = send.outputs.filter((_o, vout) => vout !== change?.vout);
  /** The outputs in their original order, with change at `value` (or dropped when null). */
  const withChange = (value: bigint | null): SpendOutput[] =>
    send.outputs.flatMap((o, vout) => (vout !== change?.vout ? [o] : value === null ? [] : [{ script: o.script, value }]));

  const inputWeight = inputs.reduce((w, i) => w + INPUT_WEIGHT[i.owner.scheme], 0);
  const recipientWeight = recipients.reduce((w, o) => w + outputWeight(o.script.length), 0);
  const base = TX_OVERHEAD_WEIGHT + inputWeight + recipientWeight;
  /** Fee required for a replacement of this weight. */
  const required = (weight: number) => {
    const byRate = feeForWeight(weight, feeRate);
    const byRule = send.fee + feeForWeight(weight, INCREMENTAL_RELAY_FEE_RATE);
    return byRate > byRule ? byRate : byRule;
  };
  const inputTotal = inputs.reduce((s, i) => s + i.value, 0n);
  const recipientTotal = recipients.reduce((s, o) => s + o.value, 0n);
  const done = (outs: SpendOutput[], ins = inputs): BumpPlan => {
    const fee = ins.reduce((s, i) => s + i.value, 0n) - outs.reduce((s, o) => s + o.value, 0n);
    const weight =
      TX_OVERHEAD_WEIGHT + ins.reduce((w, i) => w + INPUT_WEIGHT[i.owner.scheme], 0) + outs.reduce((w, o) => w + outputWeight(o.script.length), 0);
    if (fee < required(weight)) throw new Error('bump plan below the replacement fee rules');
    checkFeeCap('bitcoin', fee, recipientTotal, 'speed-up', weight / 4);
    const vout = outs.findIndex((o) => o.script === changeOut?.script);
    return { replaces: send.txid, inputs: ins, outputs: outs, change: vout >= 0 ? { vout, owner: change!.owner } : undefined, fee, feeRate, oldFee: send.fee, oldRate };
  };

  // 1. Take the difference from the change output, or drop change that would become dust.
  if (change && changeOut) {
    const newChange = inputTotal - recipientTotal - required(base + outputWeight(changeOut.script.length));
    if (newChange >= DUST_LIMIT[change.owner.scheme]) return done(withChange(newChange));
    if (inputTotal - recipientTotal >= required(base)) return done(withChange(null));
  }
  // 2. A "max" send pays the bump from what the recipient gets.
  if (send.max && recipients.length === 1) {
    const r = recipients[0]!;
    const value = inputTotal - required(base);
    if (value >= DUST_LIMIT[scriptKind(r.script)]) return done([{ script: r.script, value }]);
    throw new WalletError('insufficient_funds', localText('err_bump_nothing_left'));
  }
  // 3. Add coins (keeping the change output if worthwhile).
  if (!change || !changeOut) throw new WalletError('insufficient_funds', localText('err_bump_no_change'));
  const candidates = args.extra.filter((u) => u.trusted && u.confirmed);
  let selection;
  try {
    selection = selectCoins(
      {
        candidates: candidates.map((u) => ({ value: u.value, inputWeight: INPUT_WEIGHT[u.owner.scheme], ref: u })),
        // The original inputs are fixed; only the shortfall is selected. With a rate at least
        // one incremental step higher and a heavier transaction, BIP125's absolute-fee rule holds.
        target: recipientTotal - inputTotal,
        feeRate,
        longTermFeeRate: args.longTermFeeRate,
        baseWeight: base,
        changeOutputWeight: outputWeight(changeOut.script.length),
        changeSpendWeight: INPUT_WEIGHT[change.owner.scheme],
        changeDust: DUST_LIMIT[change.owner.scheme],
      },
      seededRandom(send.txid),
    );
  } catch {
    throw new WalletError('insufficient_funds', localText('err_bump_no_coins'));
  }
  const added = selection.inputs.map((c) => ({ txid: c.ref.txid, vout: c.ref.vout, value: c.ref.value, owner: c.ref.owner }));
  return done(withChange(selection.change > 0n ? selection.change : null), [...inputs, ...added]);
}
