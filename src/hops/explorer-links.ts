/** Explorer pages of a hop's transactions, on the presets of its context (none where the preset has no explorer). */
import { pageExplorer, txUrl } from '../shared/links';
import type { HopContext } from './mechanism';

export function btcExplorer(ctx: HopContext, txid: string): string | undefined {
  return txUrl(ctx.presets.bitcoin.endpoints.explorer, txid);
}

export function rskExplorer(ctx: HopContext, hash: string): string | undefined {
  return txUrl(pageExplorer(ctx.presets.rootstock.endpoints), hash);
}
