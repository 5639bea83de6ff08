/** What the sBTC routes share: which presets they work on, and the clients. */
import { WalletError } from '../../shared/errors';
import type { SbtcParams } from '../../shared/networks';
import { EsploraClient } from '../../layers/bitcoin/esplora';
import { anchoredOn, required } from '../hop-networks';
import type { HopContext } from '../mechanism';
import { EmilyClient } from './emily';

/** The sBTC params when the selected Bitcoin preset is the one these signers watch; otherwise why not. */
export function sbtcOn(ctx: HopContext): SbtcParams | string {
  const stacks = ctx.presets.stacks;
  const sbtc = stacks.params.sbtc;
  if (!sbtc) return `Stacks ${stacks.label} has no sBTC in this wallet.`;
  if (!stacks.endpoints.emily) return 'Set the sBTC (Emily) API URL in settings.';
  return anchoredOn(ctx, sbtc, `sBTC on Stacks ${stacks.label}`);
}

export function requireSbtc(ctx: HopContext): SbtcParams {
  return required(sbtcOn(ctx));
}

export function sbtcClients(ctx: HopContext) {
  const { api, emily } = ctx.presets.stacks.endpoints;
  const esploraUrl = ctx.presets.bitcoin.endpoints.esplora;
  if (!api || !emily || !esploraUrl) throw new WalletError('bad_url', 'Set the Stacks API, sBTC (Emily) and Bitcoin Esplora URLs in settings.');
  return {
    stacksApi: ctx.http(api),
    emily: new EmilyClient(ctx.http(emily)),
    esplora: new EsploraClient(ctx.http(esploraUrl)),
  };
}
