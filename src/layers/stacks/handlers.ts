/** Stacks screen handlers: parse amounts with the asset's decimals here, and turn the layer's bigints into strings. */
import type { StacksQuoteView, StacksSentView } from '../../shared/layers/stacks';
import { parseAmount } from '../../shared/units';
import type { StacksDraft, StacksQuote, StacksService } from './service';
import type { LayerHandlers, LayerRuntime } from '../types';

function draft(svc: StacksService, p: { asset: string; to: string; amount: string; memo?: string; fee?: string }): StacksDraft {
  const asset = svc.asset(p.asset);
  return {
    asset: asset.id,
    to: p.to,
    amount: parseAmount(p.amount, asset.decimals, asset.symbol),
    memo: p.memo?.length ? p.memo : undefined,
    fee: p.fee === undefined ? undefined : BigInt(p.fee),
  };
}

function quoteView(q: StacksQuote): StacksQuoteView {
  return { from: q.from, to: q.to, asset: q.asset, amount: q.amount.toString(), memo: q.memo, fee: q.fee.toString(), nonce: q.nonce.toString() };
}

export function stacksHandlers(runtime: LayerRuntime<'stacks', StacksService>): LayerHandlers<'stacks'> {
  return {
    'stacks.receive': async () => (await runtime.service()).receive(),
    'stacks.assets': async () => (await runtime.service()).assets().map((a) => ({ id: a.id, symbol: a.symbol, decimals: a.decimals })),
    'stacks.quote': async (p) => {
      const svc = await runtime.service();
      return quoteView(await svc.quote(draft(svc, { ...p, fee: undefined })));
    },
    'stacks.send': async (p): Promise<StacksSentView> => {
      const svc = await runtime.service();
      const r = await svc.send(draft(svc, p));
      return { ...quoteView(r), txid: r.txid, explorerUrl: svc.explorerLink(r.txid) };
    },
    'stacks.faucet': async () => (await runtime.service()).faucet(),
  };
}
