/**
 * Planning a send: coins chosen per asset, the L-BTC fee from the transaction's
 * discounted virtual size (Elements' policy since 2024 counts a confidential
 * output as if it were explicit, so the size is known before blinding), and
 * change for every asset back to one confidential change address.
 */
import { WalletError } from '../../shared/errors';
import { localText } from '../../shared/local-text';
import { formatAmount } from '../../shared/units';
import type { AssetInfo } from './assets';
import type { OutputSpec } from './blind';
import type { SpendableUtxo } from './transaction';

export interface SendPlan {
  inputs: SpendableUtxo[];
  /** Every output but the fee, in order: destination, then change, then (rarely) a blinded dummy. */
  outputs: OutputSpec[];
  fee: bigint;
  /** Discounted virtual size the fee was computed for. */
  vsize: number;
  feeRate: number;
  /** Change per asset (0n where none). */
  change: Map<string, bigint>;
}

export interface PlanRequest {
  utxos: readonly SpendableUtxo[];
  asset: AssetInfo;
  amount: bigint;
  destination: { script: Uint8Array; blindingKey?: Uint8Array };
  change: { script: Uint8Array; blindingKey: Uint8Array };
  policy: AssetInfo;
  /** sat/vB. */
  feeRate: number;
}

/** An OP_RETURN that carries nothing but a blinded zero, when a send would otherwise have no blinded output. */
const OP_RETURN = new Uint8Array([0x6a]);

/** Elements input, no issuance: outpoint 36, empty scriptSig 1, sequence 4. */
const INPUT_BASE = 41;
/** Input witness: two empty issuance proofs, [sig(<=72)+type, 33-byte key], empty peg-in witness. */
const INPUT_WITNESS = 1 + 1 + 1 + (1 + 73) + (1 + 33) + 1;
/** An output as the discount counts it: asset 33, value as explicit 9, nonce as empty 1, then the script. */
const OUTPUT_BASE = 33 + 9 + 1;
/** Each output's witness counts as its two empty proof lengths. */
const OUTPUT_WITNESS = 2;

function varIntSize(n: number): number {
  return n < 0xfd ? 1 : n <= 0xffff ? 3 : 5;
}

/** Discounted vsize of a P2WPKH-only transaction with these output script lengths (fee output added here). */
export function discountVsize(inputCount: number, outputScriptLengths: readonly number[]): number {
  const scripts = [...outputScriptLengths, 0];
  const base =
    4 + 1 + varIntSize(inputCount) + inputCount * INPUT_BASE + varIntSize(scripts.length) +
    scripts.reduce((sum, len) => sum + OUTPUT_BASE + varIntSize(len) + len, 0) + 4;
  const witness = inputCount * INPUT_WITNESS + scripts.length * OUTPUT_WITNESS;
  return Math.ceil((base * 4 + witness) / 4);
}

export function feeFor(vsize: number, feeRate: number): bigint {
  // Rates are sat/vB with up to 3 decimals (0.1 on Liquid); integer arithmetic in milli-sats.
  const milli = BigInt(Math.ceil(feeRate * 1000));
  return (BigInt(vsize) * milli + 999n) / 1000n;
}

/** Largest first; stops as soon as the target is covered. */
function select(utxos: readonly SpendableUtxo[], target: bigint): SpendableUtxo[] | null {
  if (target <= 0n) return [];
  const sorted = [...utxos].sort((a, b) => (b.unblinded.value > a.unblinded.value ? 1 : b.unblinded.value < a.unblinded.value ? -1 : 0));
  const chosen: SpendableUtxo[] = [];
  let sum = 0n;
  for (const u of sorted) {
    chosen.push(u);
    sum += u.unblinded.value;
    if (sum >= target) return chosen;
  }
  return null;
}

const total = (us: readonly SpendableUtxo[]) => us.reduce((s, u) => s + u.unblinded.value, 0n);
const show = (v: bigint, a: AssetInfo) => `${formatAmount(v, a.precision)} ${a.ticker}`;

export function planSend(req: PlanRequest): SendPlan {
  const { asset, amount, policy } = req;
  if (amount <= 0n) throw new WalletError('bad_amount', localText('err_amount_zero'));
  const isPolicy = asset.id === policy.id;
  const lbtc = req.utxos.filter((u) => u.unblinded.asset === policy.id);
  const lbtcHeld = total(lbtc);

  let assetInputs: SpendableUtxo[] = [];
  let assetChange = 0n;
  if (!isPolicy) {
    const held = req.utxos.filter((u) => u.unblinded.asset === asset.id);
    const picked = select(held, amount);
    if (!picked) {
      throw new WalletError(
        'insufficient_funds',
        held.length === 0 ? localText('err_liquid_holds_none', asset.ticker) : localText('err_above_balance', show(amount, asset), show(total(held), asset)),
      );
    }
    assetInputs = picked;
    assetChange = total(picked) - amount;
  }

  const destLen = req.destination.script.length;
  const changeLen = req.change.script.length;
  const outputLengths = (withLbtcChange: boolean) => [destLen, ...(assetChange > 0n ? [changeLen] : []), ...(withLbtcChange ? [changeLen] : [])];

  // The fee grows with each input, so select until the chosen coins cover amount + fee.
  let lbtcInputs: SpendableUtxo[] = [];
  let fee = 0n;
  let vsize = 0;
  for (let round = 0; ; round++) {
    vsize = discountVsize(assetInputs.length + lbtcInputs.length, outputLengths(true));
    fee = feeFor(vsize, req.feeRate);
    const need = (isPolicy ? amount : 0n) + fee;
    if (total(lbtcInputs) >= need) break;
    const picked = select(lbtc, need);
    if (!picked || round > lbtc.length) {
      throw new WalletError(
        'insufficient_funds',
        isPolicy
          ? localText('err_btc_fee_uncovered', show(lbtcHeld, policy), show(amount, policy), show(fee, policy))
          : localText('err_liquid_fee_uncovered', asset.ticker, show(fee, policy), show(lbtcHeld, policy)),
      );
    }
    lbtcInputs = picked;
  }
  const lbtcChange = total(lbtcInputs) - (isPolicy ? amount : 0n) - fee;

  const outputs: OutputSpec[] = [{ script: req.destination.script, asset: asset.id, value: amount, blindingKey: req.destination.blindingKey }];
  if (assetChange > 0n) outputs.push({ script: req.change.script, asset: asset.id, value: assetChange, blindingKey: req.change.blindingKey });
  if (lbtcChange > 0n) outputs.push({ script: req.change.script, asset: policy.id, value: lbtcChange, blindingKey: req.change.blindingKey });

  const inputs = [...assetInputs, ...lbtcInputs];
  // Blinded inputs need at least one blinded output to absorb their blinders (it replaces the
  // L-BTC change the fee was computed for, and is smaller).
  if (!outputs.some((o) => o.blindingKey) && inputs.some((i) => i.unblinded.confidential)) {
    outputs.push({ script: OP_RETURN, asset: policy.id, value: 0n, blindingKey: req.change.blindingKey });
  }
  const change = new Map<string, bigint>([
    [asset.id, isPolicy ? lbtcChange : assetChange],
    [policy.id, lbtcChange],
  ]);
  return { inputs, outputs, fee, vsize, feeRate: req.feeRate, change };
}
