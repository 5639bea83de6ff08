/** The Liquid layer, background half: its first account, its service and its screen's handlers. */
import { LIQUID_LAYER } from '../../shared/layers/liquid';
import type { LiquidHopSide } from '../hop-sides';
import type { LayerModule } from '../types';
import { liquidHopSide } from './hop-side';
import { liquidHandlers } from './handlers';
import { liquidAddress } from './keys';
import { LiquidService } from './service';
import { accountView, serviceSide } from '../module-parts';

export const LIQUID_MODULE: LayerModule<'liquid', LiquidService, LiquidHopSide> = {
  descriptor: LIQUID_LAYER,
  // Liquid also needs the SLIP-77 master blinding key, which comes from the seed, not the BIP32 root.
  account(keys, preset) {
    const a = liquidAddress(keys.root, keys.masterBlindingKey, preset.params, 0, 0);
    return accountView(preset, { value: a.confidential, path: a.path, alternates: [{ label: 'Unconfidential', value: a.unconfidential }] });
  },
  service: (deps) => new LiquidService(deps, deps.env.keys.masterBlindingKey),
  handlers: liquidHandlers,
  hopSide: serviceSide(liquidHopSide),
};
