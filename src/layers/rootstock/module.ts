/** The Rootstock layer, background half: its first account, its service and its screen's handlers. */
import { ROOTSTOCK_LAYER } from '../../shared/layers/rootstock';
import type { EvmHopSide } from '../hop-sides';
import type { LayerModule } from '../types';
import { rootstockHopSide } from './hop-side';
import { rootstockHandlers } from './handlers';
import { rootstockAddress } from './keys';
import { RootstockService } from './service';
import { accountView, serviceSide } from '../module-parts';

export const ROOTSTOCK_MODULE: LayerModule<'rootstock', RootstockService, EvmHopSide> = {
  descriptor: ROOTSTOCK_LAYER,
  account(keys, preset) {
    const { address, path } = rootstockAddress(keys.root, preset.params);
    return accountView(preset, { value: address, path });
  },
  service: (deps) => new RootstockService(deps),
  handlers: rootstockHandlers,
  hopSide: serviceSide(rootstockHopSide),
};
