/**
 * The tip height of a layer's chain through the selected preset's server, kept a
 * few seconds: the popup asks for the hops' refund clocks every few seconds, and
 * every hop on one chain shares one read. Only heights are kept, never a decision.
 */
import { EsploraClient } from '../layers/bitcoin/esplora';
import { LiquidEsplora } from '../layers/liquid/esplora';
import { RootstockRpc } from '../layers/rootstock/rpc';
import { WalletError } from '../shared/errors';
import type { HopContext } from './mechanism';
import { localText } from '../shared/local-text';

export type TipLayer = 'bitcoin' | 'liquid' | 'rootstock';

/** Long enough to serve one poll of every hop, short beside any layer's block time. */
export const TIP_TTL_MS = 5_000;

const READERS: { [L in TipLayer]: (ctx: HopContext) => { url?: string; read: (url: string) => Promise<number> } } = {
  bitcoin: (ctx) => ({ url: ctx.presets.bitcoin.endpoints.esplora, read: (url) => new EsploraClient(ctx.http(url)).tipHeight() }),
  liquid: (ctx) => ({ url: ctx.presets.liquid.endpoints.esplora, read: (url) => new LiquidEsplora(ctx.http(url)).tipHeight() }),
  rootstock: (ctx) => ({ url: ctx.presets.rootstock.endpoints.rpc, read: (url) => new RootstockRpc(ctx.http(url)).blockNumber() }),
};

/** Keyed by layer and server URL: a preset switched to another server never gets the old chain's height. */
const held = new Map<string, { at: number; tip: Promise<number> }>();

export function tipOf(ctx: HopContext, layer: TipLayer): Promise<number> {
  const { url, read } = READERS[layer](ctx);
  if (!url) return Promise.reject(new WalletError('bad_url', localText('err_no_server_for_layer', localText(`layer_${layer}`))));
  const key = `${layer} ${url}`;
  const now = ctx.now();
  const kept = held.get(key);
  if (kept && now - kept.at < TIP_TTL_MS && now >= kept.at) return kept.tip;
  const tip = read(url);
  held.set(key, { at: now, tip });
  // A failed read is not kept: the next ask tries again.
  tip.catch(() => held.get(key)?.tip === tip && held.delete(key));
  return tip;
}
