/** Bitcoin screen handlers: converts between protocol strings and the layer's bigint world. */
import type { BitcoinQuoteView, BumpReviewView } from '../../shared/layers/bitcoin';
import { presetPageExplorer } from '../../shared/explorer';
import { txUrl } from '../../shared/links';
import { parseAmount } from '../../shared/units';
import { formatSatPerVb } from './fee-rate';
import type { FeeChoice } from './fees';
import type { BitcoinQuote, BitcoinSendDraft, BumpReview, BitcoinService } from './service';
import type { LayerHandlers, LayerRuntime } from '../types';

function feeChoice(fee: { kind: 'slow' | 'normal' | 'fast' | 'custom'; satPerVb?: string }): FeeChoice {
  return fee.kind === 'custom' ? { kind: 'custom', satPerVb: fee.satPerVb ?? '' } : { kind: fee.kind };
}

function draft(p: {
  to: string;
  amount?: string;
  max?: boolean;
  fee: { kind: 'slow' | 'normal' | 'fast' | 'custom'; satPerVb?: string };
  confirmHighFee?: boolean;
  reviewedFee?: string;
}): BitcoinSendDraft {
  const reviewedFee = p.reviewedFee === undefined ? undefined : BigInt(p.reviewedFee);
  return { to: p.to, amount: p.amount, max: p.max, fee: feeChoice(p.fee), confirmHighFee: p.confirmHighFee, reviewedFee };
}

function quoteView(q: BitcoinQuote): BitcoinQuoteView {
  return {
    to: q.to,
    amount: q.amount.toString(),
    max: q.max,
    fee: q.fee.toString(),
    feeRate: formatSatPerVb(q.feeRate),
    change: q.change.toString(),
    total: q.total.toString(),
    inputCount: q.inputCount,
    vsize: q.vsize,
    waste: q.waste.toString(),
    algorithm: q.algorithm,
    highFee: q.highFee,
    sanityCap: formatSatPerVb(q.sanityCap),
    label: q.label,
    lightning: q.lightning,
  };
}

function bumpReviewView(r: BumpReview): BumpReviewView {
  return {
    replaces: r.replaces,
    outputs: r.outputs.map((o) => ({
      ...(o.address ? { address: o.address } : {}),
      script: o.script,
      amount: o.value.toString(),
      ...(o.before !== undefined ? { before: o.before.toString() } : {}),
      role: o.role,
    })),
    fee: r.fee.toString(),
    feeRate: formatSatPerVb(r.feeRate),
    oldFee: r.oldFee.toString(),
    oldFeeRate: formatSatPerVb(r.oldRate),
    inputCount: r.inputCount,
    addedInputs: r.addedInputs,
    reviewId: r.reviewId,
  };
}

/** What the devnet faucet button pays: 0.01 BTC, above the smallest move from BTC on the devnet (tests/integration/devnet/samples.test.ts). */
export const DEVNET_FAUCET_SATS = 1_000_000n;

export function bitcoinHandlers(runtime: LayerRuntime<'bitcoin', BitcoinService>): LayerHandlers<'bitcoin'> {
  const explorer = async (txid: string) => {
    const { preset } = await runtime.deps();
    return txUrl(presetPageExplorer(preset), txid) ?? '';
  };
  return {
    'bitcoin.receive': async ({ amount }) => {
      const svc = await runtime.service();
      return svc.receive(amount ? parseAmount(amount, 8, 'BTC') : undefined);
    },
    'bitcoin.feeOptions': async () => {
      const o = await (await runtime.service()).feeOptions();
      return { slow: formatSatPerVb(o.slow), normal: formatSatPerVb(o.normal), fast: formatSatPerVb(o.fast) };
    },
    'bitcoin.quote': async (p) => quoteView(await (await runtime.service()).quote(draft({ ...p, reviewedFee: undefined }))),
    'bitcoin.send': async (p) => {
      const { txid, quote } = await (await runtime.service()).send(draft(p), { bumpable: true });
      return { txid, quote: quoteView(quote), explorerUrl: await explorer(txid) };
    },
    'bitcoin.devnetFaucet': async () => (await runtime.service()).devnetFaucet(DEVNET_FAUCET_SATS),
    'bitcoin.bumpReview': async ({ txid, fee }) => bumpReviewView(await (await runtime.service()).bumpReview(txid, feeChoice(fee))),
    'bitcoin.bump': async ({ txid, fee, reviewId }) => {
      const r = await (await runtime.service()).bump(txid, feeChoice(fee), reviewId);
      return { txid: r.txid, replaced: r.replaced, fee: r.fee.toString(), feeRate: formatSatPerVb(r.feeRate), explorerUrl: await explorer(r.txid) };
    },
  };
}

