/**
 * Which wallet asset is which Boltz currency, and the units between them. Boltz
 * counts every amount in satoshis, RBTC included (1 sat = 10^10 wei).
 */
import { WalletError } from '../../shared/errors';
import { presetPageExplorer } from '../../shared/explorer';
import { localText, type LocalText } from '../../shared/local-text';
import { txUrl } from '../../shared/links';
import { WEI_PER_SAT } from '../../shared/units';
import type { LayerId } from '../../shared/layers';
import type { HopContext } from '../mechanism';
import type { AssetRef } from '../types';
import { BoltzApi } from './api';
import type { BoltzCurrency } from './shapes';
import { presetName } from '../../shared/networks';

export type OnchainLayer = 'bitcoin' | 'liquid' | 'rootstock';

export const BTC_ONCHAIN: AssetRef = { layer: 'bitcoin', asset: 'BTC' };
export const BTC_LIGHTNING: AssetRef = { layer: 'lightning', asset: 'BTC' };
export const LBTC: AssetRef = { layer: 'liquid', asset: 'L-BTC' };
export const RBTC: AssetRef = { layer: 'rootstock', asset: 'RBTC' };

export function currencyOf(ref: AssetRef): BoltzCurrency {
  if (ref.layer === 'bitcoin' && ref.asset === 'BTC') return 'BTC';
  if (ref.layer === 'lightning' && ref.asset === 'BTC') return 'BTC';
  if (ref.layer === 'liquid' && ref.asset === 'L-BTC') return 'L-BTC';
  if (ref.layer === 'rootstock' && ref.asset === 'RBTC') return 'RBTC';
  throw new WalletError('unsupported', localText('err_boltz_no_asset', ref.asset, localText(`layer_${ref.layer}`)));
}

export function layerOfCurrency(c: BoltzCurrency): OnchainLayer {
  return c === 'BTC' ? 'bitcoin' : c === 'L-BTC' ? 'liquid' : 'rootstock';
}

/** The asset's smallest unit -> sats (wei are rounded down to whole sats). */
export function toSats(ref: AssetRef, amount: bigint): bigint {
  return ref.layer === 'rootstock' ? amount / WEI_PER_SAT : amount;
}

/** Sats -> the asset's smallest unit. */
export function fromSats(ref: AssetRef, sats: bigint): bigint {
  return ref.layer === 'rootstock' ? sats * WEI_PER_SAT : sats;
}

export function decimalsOf(ref: AssetRef): number {
  return ref.layer === 'rootstock' ? 18 : 8;
}

export function symbolOf(ref: AssetRef): string {
  return ref.layer === 'lightning' ? 'BTC (Lightning)' : ref.asset;
}

/**
 * The Boltz endpoint of the selected presets. It sits on the Bitcoin preset: a
 * Boltz instance serves one Bitcoin network (its Lightning, Liquid and Rootstock
 * sides are the networks tied to it). Only the local devnet has one by default
 * (service-networks.ts says why and which routes that leaves).
 */
export function boltzUrl(ctx: HopContext): string | null {
  return ctx.presets.bitcoin.endpoints.boltz || null;
}

export function boltzApi(ctx: HopContext, url?: string): BoltzApi {
  const base = url ?? boltzUrl(ctx);
  if (!base) throw new WalletError('unsupported', noBoltzReason(ctx));
  return new BoltzApi(ctx.http(base));
}

export function noBoltzReason(ctx: HopContext): LocalText {
  return localText('err_boltz_unset', presetName(ctx.presets.bitcoin));
}

/** The host a Boltz URL names (the URL itself when it is not one). */
export function counterpartyHost(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url;
  }
}

export function counterpartyOf(url: string): string {
  return `Boltz (${counterpartyHost(url)})`;
}

/** Explorer link of a transaction on a layer, when the preset has an explorer. */
export function explorerLink(ctx: HopContext, layer: LayerId, txid: string): string | undefined {
  return txUrl(presetPageExplorer(ctx.presets[layer]), txid);
}
