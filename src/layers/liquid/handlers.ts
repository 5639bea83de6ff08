/**
 * Liquid screen handlers: the typed amount is parsed with the chosen asset's
 * precision here (never in the popup), and bigint results go back as strings.
 */
import type { LiquidQuoteView } from '../../shared/layers/liquid';
import { parseAmount, toAmountString } from '../../shared/units';
import { assetInfo } from './assets';
import type { LiquidQuote, LiquidSendDraft, LiquidService } from './service';
import type { LayerHandlers, LayerRuntime } from '../types';

/** Sent by the devnet faucet button: 0.01 L-BTC, or 1 of the devnet test asset (8 decimals). */
export const FAUCET_AMOUNT = 1_000_000n;
const TEST_ASSET_FAUCET_AMOUNT = 100_000_000n;

function draft(svc: LiquidService, p: { asset: string; to: string; amount: string; feeRate?: string; fee?: string }): LiquidSendDraft {
  const asset = assetInfo(svc.chain, p.asset);
  return {
    asset: asset.id,
    to: p.to,
    amount: parseAmount(p.amount, asset.precision, asset.ticker),
    feeRate: p.feeRate === undefined ? undefined : Number(p.feeRate),
    fee: p.fee === undefined ? undefined : BigInt(p.fee),
  };
}

function quoteView(svc: LiquidService, q: LiquidQuote): LiquidQuoteView {
  return {
    asset: q.asset,
    symbol: q.symbol,
    decimals: q.decimals,
    to: q.to,
    confidential: q.confidential,
    amount: toAmountString(q.amount),
    fee: toAmountString(q.fee),
    feeAsset: q.feeAsset,
    feeSymbol: svc.policy.ticker,
    feeDecimals: svc.policy.precision,
    feeRate: String(q.feeRate),
    vsize: q.vsize,
    lbtcTotal: toAmountString(q.lbtcTotal),
    inputCount: q.inputCount,
  };
}

export function liquidHandlers(runtime: LayerRuntime<'liquid', LiquidService>): LayerHandlers<'liquid'> {
  return {
    'liquid.receive': async () => {
      const { address, uri, path, unconfidential } = await (await runtime.service()).receive();
      return { address, uri, path, unconfidential };
    },
    'liquid.assets': async () => (await runtime.service()).assets().map(({ id, name, ticker, precision }) => ({ id, name, ticker, precision })),
    'liquid.quote': async (p) => {
      const svc = await runtime.service();
      return quoteView(svc, await svc.quote(draft(svc, { ...p, fee: undefined })));
    },
    'liquid.send': async (p) => {
      const svc = await runtime.service();
      const r = await svc.send(draft(svc, p));
      return { txid: r.txid, asset: r.asset, amount: toAmountString(r.amount), fee: toAmountString(r.fee), explorerUrl: r.explorerUrl };
    },
    'liquid.devnetFaucet': async ({ asset = 'lbtc' }) =>
      (await runtime.service()).devnetFaucet(asset === 'lbtc' ? FAUCET_AMOUNT : TEST_ASSET_FAUCET_AMOUNT, asset),
  };
}
