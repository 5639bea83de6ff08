/**
 * Coin selection, ours (src/layers/bitcoin/coin-selection, called as the send plan
 * calls it) against coinselect 3.1.13 (bitcoinjs; blackjack, then accumulative):
 * the same P2WPKH wallets of 10 to 10,000 coins, the same payments, at 1, 10 and
 * 100 sat/vB. Time per selection, and fee + waste of the chosen set measured by
 * one yardstick (selection-cost.ts) with the long-term fee rate at 1 sat/vB.
 *
 * Both see the same sizes where coinselect lets us set them: a 68 vB input (we
 * pass a 27-byte `script`, since coinselect counts 41 + script bytes and would
 * otherwise count 148 B, a P2PKH input) and a 31 vB recipient output. Where its
 * model is fixed, it differs: a 10 B overhead (no segwit marker and flag: 10.5 vB
 * real), a 34 B change output (P2PKH; P2WPKH change is 31 vB), change only above
 * 148 B × rate (ours: above the 294-sat dust limit, then the least waste wins),
 * whole sat/B rates, and no long-term rate. Its sets are measured at their real
 * P2WPKH weight, as a wallet would sign them.
 */
import coinSelect from 'coinselect';
import { selectCoins, type Candidate, type SelectionParams } from '../../src/layers/bitcoin/coin-selection';
import { seededRandom } from '../../src/layers/bitcoin/coin-selection/seeded-random';
import { DUST_LIMIT, INPUT_WEIGHT, outputWeight, TX_OVERHEAD_WEIGHT } from '../../src/layers/bitcoin/script-types';
import { selectionCost, type SelectionCost } from './selection-cost';
import { msPerCallEach, peerRatios, printPeerTable, type PeerRow } from './table';

export const WALLET_SIZES = [10, 100, 1_000, 10_000] as const;
export const FEE_RATES_SAT_PER_VB = [1, 10, 100] as const;
const LONG_TERM_FEE_RATE = 1000n; // 1 sat/vB: the floor, and what a 1008-block estimate says on a quiet network
const P2WPKH_SCRIPT = 22;
/** coinselect's input size is 41 + script length: 27 makes it P2WPKH's 68 vB. */
export const COINSELECT_P2WPKH_INPUT = { length: INPUT_WEIGHT.p2wpkh / 4 - 41 };
export const COINSELECT_P2WPKH_OUTPUT = { length: P2WPKH_SCRIPT };

/** mulberry32: a fixed seed gives the same wallet on every run. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const ROUND_AMOUNTS = [10_000, 50_000, 100_000, 500_000, 1_000_000];

/**
 * A wallet's coins: a quarter round faucet-style amounts, the rest log-normal
 * around 100,000 sats (σ = 1.5 in ln: many small coins, a few large), 1,000 sats
 * to 1 BTC.
 */
export function walletValues(size: number, seed = size): bigint[] {
  const random = prng(seed);
  return Array.from({ length: size }, () => {
    if (random() < 0.25) return BigInt(ROUND_AMOUNTS[Math.floor(random() * ROUND_AMOUNTS.length)]!);
    const z = Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
    return BigInt(Math.min(100_000_000, Math.max(1_000, Math.round(Math.exp(Math.log(100_000) + 1.5 * z)))));
  });
}

/** A small payment, a mid one, and a large one (30% of the balance, at most 0.05 BTC). */
export function targetsFor(values: bigint[]): bigint[] {
  const total = values.reduce((a, v) => a + v, 0n);
  const large = (total * 3n) / 10n;
  return [30_000n, 400_000n, large < 5_000_000n ? large : 5_000_000n];
}

function paramsFor(candidates: Candidate<number>[], target: bigint, satPerVb: number): SelectionParams<number> {
  return {
    candidates,
    target,
    feeRate: BigInt(satPerVb) * 1000n,
    longTermFeeRate: LONG_TERM_FEE_RATE,
    baseWeight: TX_OVERHEAD_WEIGHT + outputWeight(P2WPKH_SCRIPT),
    changeOutputWeight: outputWeight(P2WPKH_SCRIPT),
    changeSpendWeight: INPUT_WEIGHT.p2wpkh,
    changeDust: DUST_LIMIT.p2wpkh,
  };
}

interface Side {
  run: () => void;
  cost: SelectionCost;
  inputs: number;
}

function ours(p: SelectionParams<number>): Side {
  const run = () => selectCoins(p, seededRandom('bench'));
  const s = run();
  const cost = selectionCost(s.inputs, s.change, p);
  // The yardstick must agree with our own accounting, or one of them is wrong.
  if (cost.fee !== s.fee || cost.waste !== s.waste) throw new Error(`yardstick disagrees: fee ${cost.fee}/${s.fee}, waste ${cost.waste}/${s.waste}`);
  return { run, cost, inputs: s.inputs.length };
}

function theirs(candidates: Candidate<number>[], p: SelectionParams<number>, satPerVb: number): Side {
  const utxos = candidates.map((c) => ({ value: Number(c.value), script: COINSELECT_P2WPKH_INPUT, i: c.ref }));
  const outputs = [{ value: Number(p.target), script: COINSELECT_P2WPKH_OUTPUT }];
  const run = () => coinSelect(utxos, outputs, satPerVb);
  const r = run();
  if (!r.inputs || !r.outputs) throw new Error(`coinselect found no selection for ${p.target} sats at ${satPerVb} sat/B`);
  if (r.outputs[0]!.value !== Number(p.target)) throw new Error('coinselect changed the payment');
  const change = r.outputs.length > 1 ? BigInt(r.outputs[1]!.value!) : 0n;
  const cost = selectionCost(r.inputs.map((u) => candidates[u.i]!), change, p);
  return { run, cost, inputs: r.inputs.length };
}

export async function benchCoinSelectionPeers(): Promise<Record<string, number>> {
  const rows: PeerRow[] = [];
  const details: Record<string, string | number>[] = [];
  for (const size of WALLET_SIZES) {
    const values = walletValues(size);
    const candidates = values.map((value, ref) => ({ value, inputWeight: INPUT_WEIGHT.p2wpkh, ref }));
    const targets = targetsFor(values);
    for (const rate of FEE_RATES_SAT_PER_VB) {
      const sum = { ms: [0, 0], fee: [0n, 0n], waste: [0n, 0n], inputs: [0, 0], underpaid: 0n, dust: 0 };
      for (const target of targets) {
        const p = paramsFor(candidates, target, rate);
        const sides = [ours(p), theirs(candidates, p, rate)] as const;
        const ms = msPerCallEach(sides.map((s) => s.run));
        sides.forEach((s, k) => {
          sum.ms[k]! += ms[k]!;
          sum.fee[k]! += s.cost.fee;
          sum.waste[k]! += s.cost.waste;
          sum.inputs[k]! += s.inputs;
        });
        if (sides[0].cost.underpaidBy > 0n || sides[0].cost.dustChange) throw new Error('our selection underpays or makes dust');
        sum.underpaid += sides[1].cost.underpaidBy;
        if (sides[1].cost.dustChange) sum.dust++;
      }
      const label = `${size.toLocaleString('en')} UTXOs, ${rate} sat/vB`;
      rows.push({ measure: `${label}: µs per selection`, ours: (sum.ms[0]! / targets.length) * 1000, theirs: (sum.ms[1]! / targets.length) * 1000 });
      rows.push({
        measure: `${label}: fee + waste, sats`,
        ours: Number(sum.fee[0]! + sum.waste[0]!),
        theirs: Number(sum.fee[1]! + sum.waste[1]!),
      });
      details.push({
        wallet: label,
        'fee ours': Number(sum.fee[0]),
        'fee coinselect': Number(sum.fee[1]),
        'waste ours': Number(sum.waste[0]),
        'waste coinselect': Number(sum.waste[1]),
        'inputs ours': sum.inputs[0]!,
        'inputs coinselect': sum.inputs[1]!,
        'coinselect under rate, sats': Number(sum.underpaid),
        'coinselect dust change': sum.dust,
      });
    }
  }
  const title = `coin selection (P2WPKH; payments of ${targetsFor(walletValues(10)).length} sizes summed; long-term rate 1 sat/vB)`;
  printPeerTable(title, 'coinselect', rows);
  console.table(details);
  return peerRatios('peers: coin selection', 'coinselect', rows);
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await benchCoinSelectionPeers());
