/** What both PowPeg directions share: which presets they work on, and the clients. */
import { WalletError } from '../../shared/errors';
import type { PowpegParams } from '../../shared/networks';
import { bitcoinNetwork } from '../../layers/bitcoin/keys';
import { EsploraClient } from '../../layers/bitcoin/esplora';
import { RootstockRpc } from '../../layers/rootstock/rpc';
import { localText, type LocalText } from '../../shared/local-text';
import { anchoredOn, required } from '../hop-networks';
import type { HopContext } from '../mechanism';
import { BridgeClient } from './bridge';
import { rootstockBtcKey } from './bitcoin-side';
import { presetName } from '../../shared/networks';

/** The PowPeg params when the selected Bitcoin preset is the one this Rootstock network's PowPeg watches; otherwise why not. */
export function powpegOn(ctx: HopContext): PowpegParams | LocalText {
  const rsk = ctx.presets.rootstock;
  const powpeg = rsk.params.powpeg;
  if (!powpeg) return localText('err_no_powpeg', presetName(rsk));
  return anchoredOn(ctx, powpeg, localText('hopText_service_powpeg', presetName(rsk)));
}

export function requirePowpeg(ctx: HopContext): PowpegParams {
  return required(powpegOn(ctx));
}

export function clients(ctx: HopContext) {
  const rpcUrl = ctx.presets.rootstock.endpoints.rpc;
  const esploraUrl = ctx.presets.bitcoin.endpoints.esplora;
  if (!rpcUrl || !esploraUrl) throw new WalletError('bad_url', localText('err_powpeg_urls'));
  const rpc = new RootstockRpc(ctx.http(rpcUrl));
  return {
    rpc,
    bridge: new BridgeClient(rpc),
    esplora: new EsploraClient(ctx.http(esploraUrl)),
    btcKey: rootstockBtcKey(ctx.root, bitcoinNetwork(ctx.presets.bitcoin.params)),
  };
}

/** Minutes for `blocks` blocks: ten on the test networks, the devnet miner's ten seconds locally. */
export function minutesFor(ctx: HopContext, blocks: number): number {
  return ctx.presets.bitcoin.id === 'devnet' ? Math.max(1, Math.ceil(blocks / 6)) : blocks * 10;
}
