/** The Stacks layer, background half: its first account, its service and its screen's handlers. */
import { STACKS_LAYER } from '../../shared/layers/stacks';
import type { StacksHopSide } from '../hop-sides';
import type { LayerModule } from '../types';
import { stacksHopSide } from './hop-side';
import { stacksHandlers } from './handlers';
import { stacksAddress } from './keys';
import { StacksService } from './service';
import { accountView, serviceSide } from '../module-parts';

export const STACKS_MODULE: LayerModule<'stacks', StacksService, StacksHopSide> = {
  descriptor: STACKS_LAYER,
  account(keys, preset) {
    const { address, path } = stacksAddress(keys.root, preset.params);
    return accountView(preset, { value: address, path });
  },
  service: (deps) => new StacksService(deps),
  handlers: stacksHandlers,
  hopSide: serviceSide(stacksHopSide),
};
