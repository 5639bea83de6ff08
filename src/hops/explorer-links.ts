/** Explorer pages of a hop's transactions, on the presets of its context (none where the preset has no explorer with pages). */
import { presetPageExplorer } from '../shared/explorer';
import { txUrl } from '../shared/links';
import type { HopContext } from './mechanism';

export function btcExplorer(ctx: HopContext, txid: string): string | undefined {
  return txUrl(presetPageExplorer(ctx.presets.bitcoin), txid);
}

export function rskExplorer(ctx: HopContext, hash: string): string | undefined {
  return txUrl(presetPageExplorer(ctx.presets.rootstock), hash);
}
