/**
 * Plans a send: checks the amount against dust and the spendable balance, selects
 * coins, and settles fee and change. Nothing is signed or sent here.
 */
import { WalletError } from '../../shared/errors';
import { localText } from '../../shared/local-text';
import { formatAmountText } from '../../shared/units';
import type { ParsedAddress } from './address';
import { selectCoins, type Algorithm } from './coin-selection';
import { seededRandom } from './coin-selection/seeded-random';
import { feeForWeight, type FeeRate } from './fee-rate';
import type { OwnedAddress } from './keys';
import { DUST_LIMIT, INPUT_WEIGHT, outputWeight, TX_OVERHEAD_WEIGHT } from './script-types';
import type { Utxo } from './wallet-state';

export interface SendPlan {
  recipient: ParsedAddress;
  amount: bigint;
  /** Paid to outputs besides the recipient and change (0 for an OP_RETURN). */
  extraValue: bigint;
  max: boolean;
  feeRate: FeeRate;
  inputs: Utxo[];
  change: { owner: OwnedAddress; value: bigint } | null;
  fee: bigint;
  weight: number;
  waste: bigint;
  algorithm: Algorithm | 'max';
}

const btc = (v: bigint) => formatAmountText(v, 8, 'BTC');

export function planSend(args: {
  to: ParsedAddress;
  amount: bigint | 'max';
  feeRate: FeeRate;
  longTermFeeRate: FeeRate;
  utxos: Utxo[];
  changeAddress: OwnedAddress;
  /** Weight of outputs added besides recipient and change (e.g. an OP_RETURN). */
  extraOutputWeight?: number;
  /** What those outputs pay, funded with the recipient's amount (more recipients). */
  extraOutputValue?: bigint;
}): SendPlan {
  const { to, feeRate } = args;
  const spendable = args.utxos.filter((u) => u.trusted);
  const available = spendable.reduce((s, u) => s + u.value, 0n);
  const extraValue = args.extraOutputValue ?? 0n;
  const dust = DUST_LIMIT[to.kind];
  const recipientWeight = outputWeight(to.script.length);
  const baseWeight = TX_OVERHEAD_WEIGHT + recipientWeight + (args.extraOutputWeight ?? 0);

  if (args.amount === 'max') {
    // Spend every coin worth its input fee; no change.
    const inputs = spendable.filter((u) => u.value > feeForWeight(INPUT_WEIGHT[u.owner.scheme], feeRate));
    const weight = inputs.reduce((w, u) => w + INPUT_WEIGHT[u.owner.scheme], baseWeight);
    const total = inputs.reduce((s, u) => s + u.value, 0n);
    const fee = feeForWeight(weight, feeRate);
    const amount = total - fee - extraValue;
    if (inputs.length === 0 || amount < dust) {
      throw new WalletError('insufficient_funds', localText('err_btc_nothing_after_fee', btc(available)));
    }
    return { recipient: to, amount, extraValue, max: true, feeRate, inputs, change: null, fee, weight, waste: 0n, algorithm: 'max' };
  }

  const amount = args.amount;
  if (amount < dust) {
    throw new WalletError('below_dust', localText('err_below_dust', btc(amount), String(dust)));
  }
  if (amount + extraValue > available) {
    throw new WalletError('insufficient_funds', localText('err_above_balance', btc(amount + extraValue), btc(available)));
  }
  const changeScriptLength = args.changeAddress.script.length / 2;
  let selection;
  try {
    // The same coins and request give the same draw: the send signs the plan that was reviewed.
    const seed = [...spendable.map((u) => `${u.txid}:${u.vout}`).sort(), to.address, amount, feeRate].join(' ');
    selection = selectCoins(
      {
        candidates: spendable.map((u) => ({ value: u.value, inputWeight: INPUT_WEIGHT[u.owner.scheme], ref: u })),
        target: amount + extraValue,
        feeRate,
        longTermFeeRate: args.longTermFeeRate,
        baseWeight,
        changeOutputWeight: outputWeight(changeScriptLength),
        changeSpendWeight: INPUT_WEIGHT[args.changeAddress.scheme],
        changeDust: DUST_LIMIT[args.changeAddress.scheme],
      },
      seededRandom(seed),
    );
  } catch {
    const fee = feeForWeight(baseWeight + INPUT_WEIGHT.p2wpkh, feeRate);
    throw new WalletError('insufficient_funds', localText('err_btc_fee_uncovered', btc(available), btc(amount), btc(fee)));
  }
  return {
    recipient: to,
    amount,
    extraValue,
    max: false,
    feeRate,
    inputs: selection.inputs.map((c) => c.ref),
    change: selection.change > 0n ? { owner: args.changeAddress, value: selection.change } : null,
    fee: selection.fee,
    weight: selection.weight,
    waste: selection.waste,
    algorithm: selection.algorithm,
  };
}
