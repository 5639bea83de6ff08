/**
 * Which Boltz routes can run on the selected networks, decided from the presets
 * alone, before any request. A Boltz instance serves the networks of one Bitcoin
 * network (its Lightning, Liquid and Rootstock sides belong with it), so its URL sits
 * on the Bitcoin preset. Boltz runs no public test service any more: boltz-backend's
 * docs list mainnet and a regtest you run (PR 971, 2025-06-17; swagger-spec.json lost
 * its testnet server 2026-01-07) and boltz-web-app removed its testnet config ("we
 * don't have a testnet anymore", 2026-05-16). So no public preset names a Boltz; the
 * local devnet runs its own, and a user who runs one may set its URL in Settings.
 */
import { localText, type LocalText } from '../../shared/local-text';
import { isLocalDevnet, presetName } from '../../shared/networks';
import type { HopContext } from '../mechanism';
import type { AssetRef } from '../types';
import { boltzUrl, counterpartyHost } from './assets';

/** "Liquid on Liquid testnet": a route's side as a reason names it (the layer name is translated). */
function sideOf(ctx: HopContext, ref: AssetRef): LocalText {
  return localText('hopText_boltzSide', localText(`layer_${ref.layer}`), presetName(ctx.presets[ref.layer]));
}

/**
 * Why no Boltz can serve `from` → `to` on the selected presets, or null when the
 * Boltz set for Bitcoin can be asked: one is set, and every layer of the route is
 * on the same kind of network as that Bitcoin preset (the devnet's Boltz knows
 * nothing of Liquid testnet; a Boltz run for a public network knows no devnet).
 */
export function boltzRouteMissing(ctx: HopContext, from: AssetRef, to: AssetRef): LocalText | null {
  const bitcoin = ctx.presets.bitcoin;
  const url = boltzUrl(ctx);
  if (!url) return localText('err_boltz_none', sideOf(ctx, from), sideOf(ctx, to), presetName(bitcoin));
  const devnet = isLocalDevnet(bitcoin);
  const stray = [from, to].find((ref) => isLocalDevnet(ctx.presets[ref.layer]) !== devnet);
  if (!stray) return null;
  return localText('err_boltz_otherNetwork', counterpartyHost(url), presetName(bitcoin), sideOf(ctx, stray), localText(`layer_${stray.layer}`));
}
