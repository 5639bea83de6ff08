/**
 * Fee bump by replacement (BIP125): the same inputs and recipients at a higher
 * rate, paid from the change output, from the recipient on a "max" send, or from
 * extra coins. The replacement must pay at least the old fee plus the incremental
 * relay fee for its own size, and a higher rate.
 */
import { WalletError } from '../../shared/errors';
import { hexToBytes } from '@noble/hashes/utils.js';
import { selectCoins } from './coin-selection';
import type { EsploraTx } from './esplora';
import { feeForWeight, formatSatPerVb, INCREMENTAL_RELAY_FEE_RATE, rateOf, type FeeRate } from './fee-rate';
import type { OwnedAddress } from './keys';
import { DUST_LIMIT, INPUT_WEIGHT, outputWeight, scriptKind, TX_OVERHEAD_WEIGHT } from './script-types';
import type { SpendInput, SpendOutput } from './signing';
import type { Utxo } from './wallet-state';

export interface BumpPlan {
  inputs: SpendInput[];
  outputs: SpendOutput[];
  fee: bigint;
  feeRate: FeeRate;
  oldFee: bigint;
  oldRate: FeeRate;
}

export function minimumBumpRate(tx: EsploraTx): FeeRate {
  return rateOf(tx.fee, tx.weight) + INCREMENTAL_RELAY_FEE_RATE;
}

export function planBump(args: {
  tx: EsploraTx;
  owned: Map<string, OwnedAddress>;
  feeRate: FeeRate;
  max: boolean;
  /** Other spendable coins, for when change cannot pay the difference. */
  extra: Utxo[];
  longTermFeeRate: FeeRate;
}): BumpPlan {
  const { tx, owned, feeRate } = args;
  const oldRate = rateOf(tx.fee, tx.weight);
  const minRate = minimumBumpRate(tx);
  if (feeRate < minRate) {
    throw new WalletError('bad_fee_rate', `The replacement needs at least ${formatSatPerVb(minRate)} sat/vB (the current rate is ${formatSatPerVb(oldRate)}).`);
  }
  const inputs: SpendInput[] = tx.vin.map((i) => {
    const owner = i.prevout ? owned.get(i.prevout.script) : undefined;
    if (!owner || !i.prevout) throw new WalletError('not_bumpable', 'Only transactions whose inputs are all this wallet\'s can be sped up.');
    return { txid: i.txid, vout: i.vout, value: i.prevout.value, owner };
  });
  const recipients: SpendOutput[] = [];
  let change: { script: Uint8Array; value: bigint; owner: OwnedAddress } | null = null;
  for (const o of tx.vout) {
    const owner = owned.get(o.script);
    if (owner && owner.chain === 1 && !change) change = { script: hexToBytes(o.script), value: o.value, owner };
    else recipients.push({ script: hexToBytes(o.script), value: o.value });
  }

  const inputWeight = inputs.reduce((w, i) => w + INPUT_WEIGHT[i.owner.scheme], 0);
  const recipientWeight = recipients.reduce((w, o) => w + outputWeight(o.script.length), 0);
  const base = TX_OVERHEAD_WEIGHT + inputWeight + recipientWeight;
  /** Fee required for a replacement of this weight. */
  const required = (weight: number) => {
    const byRate = feeForWeight(weight, feeRate);
    const byRule = tx.fee + feeForWeight(weight, INCREMENTAL_RELAY_FEE_RATE);
    return byRate > byRule ? byRate : byRule;
  };
  const inputTotal = inputs.reduce((s, i) => s + i.value, 0n);
  const recipientTotal = recipients.reduce((s, o) => s + o.value, 0n);
  const done = (outs: SpendOutput[], ins = inputs): BumpPlan => {
    const fee = ins.reduce((s, i) => s + i.value, 0n) - outs.reduce((s, o) => s + o.value, 0n);
    const weight =
      TX_OVERHEAD_WEIGHT + ins.reduce((w, i) => w + INPUT_WEIGHT[i.owner.scheme], 0) + outs.reduce((w, o) => w + outputWeight(o.script.length), 0);
    if (fee < required(weight)) throw new Error('bump plan below the replacement fee rules');
    return { inputs: ins, outputs: outs, fee, feeRate, oldFee: tx.fee, oldRate };
  };

  // 1. Take the difference from the change output, or drop change that would become dust.
  if (change) {
    const withChange = base + outputWeight(change.script.length);
    const newChange = inputTotal - recipientTotal - required(withChange);
    if (newChange >= DUST_LIMIT[change.owner.scheme]) return done([...recipients, { script: change.script, value: newChange }]);
    if (inputTotal - recipientTotal >= required(base)) return done(recipients);
  }
  // 2. A "max" send pays the bump from what the recipient gets.
  if (args.max && recipients.length === 1) {
    const r = recipients[0]!;
    const value = inputTotal - required(base);
    if (value >= DUST_LIMIT[scriptKind(r.script)]) return done([{ script: r.script, value }]);
    throw new WalletError('insufficient_funds', 'Nothing would be left for the recipient at that fee rate.');
  }
  // 3. Add coins (with a fresh change output if worthwhile).
  const changeOwner = change?.owner;
  if (!changeOwner) throw new WalletError('insufficient_funds', 'This transaction has no change to pay a higher fee from, and no other coins were found.');
  const candidates = args.extra.filter((u) => u.trusted && u.confirmed);
  let selection;
  try {
    selection = selectCoins({
      candidates: candidates.map((u) => ({ value: u.value, inputWeight: INPUT_WEIGHT[u.owner.scheme], ref: u })),
      // The original inputs are fixed; only the shortfall is selected. With a rate at least
      // one incremental step higher and a heavier transaction, BIP125's absolute-fee rule holds.
      target: recipientTotal - inputTotal,
      feeRate,
      longTermFeeRate: args.longTermFeeRate,
      baseWeight: base,
      changeOutputWeight: outputWeight(change!.script.length),
      changeSpendWeight: INPUT_WEIGHT[changeOwner.scheme],
      changeDust: DUST_LIMIT[changeOwner.scheme],
    });
  } catch {
    throw new WalletError('insufficient_funds', 'Not enough other confirmed coins to pay the higher fee.');
  }
  const added = selection.inputs.map((c) => ({ txid: c.ref.txid, vout: c.ref.vout, value: c.ref.value, owner: c.ref.owner }));
  const outs = selection.change > 0n ? [...recipients, { script: change!.script, value: selection.change }] : recipients;
  return done(outs, [...inputs, ...added]);
}
