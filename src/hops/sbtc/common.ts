/** What the sBTC routes share: which presets they work on, and the clients. */
import { WalletError } from '../../shared/errors';
import type { SbtcParams } from '../../shared/networks';
import { EsploraClient } from '../../layers/bitcoin/esplora';
import { localText, type LocalText } from '../../shared/local-text';
import { anchoredOn, required } from '../hop-networks';
import type { HopContext } from '../mechanism';
import { EmilyClient } from './emily';
import { presetName } from '../../shared/networks';

/** The sBTC params when the selected Bitcoin preset is the one these signers watch; otherwise why not. */
export function sbtcOn(ctx: HopContext): SbtcParams | LocalText {
  const stacks = ctx.presets.stacks;
  const sbtc = stacks.params.sbtc;
  if (!sbtc) return localText('err_no_sbtc', presetName(stacks));
  if (!stacks.endpoints.emily) return localText('err_sbtc_no_emily');
  return anchoredOn(ctx, sbtc, localText('hopText_service_sbtc', presetName(stacks)));
}

export function requireSbtc(ctx: HopContext): SbtcParams {
  return required(sbtcOn(ctx));
}

export function sbtcClients(ctx: HopContext) {
  const { api, emily } = ctx.presets.stacks.endpoints;
  const esploraUrl = ctx.presets.bitcoin.endpoints.esplora;
  if (!api || !emily || !esploraUrl) throw new WalletError('bad_url', localText('err_sbtc_urls'));
  return {
    stacksApi: ctx.http(api),
    emily: new EmilyClient(ctx.http(emily)),
    esplora: new EsploraClient(ctx.http(esploraUrl)),
  };
}
