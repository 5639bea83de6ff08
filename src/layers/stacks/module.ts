/** The Stacks layer, background half: its first account, its service and its screen's handlers. */
import { STACKS_LAYER } from '../../shared/layers/stacks';
import type { StacksHopSide } from '../hop-sides';
import type { LayerModule } from '../types';
import { stacksHopSide } from './hop-side';
import { stacksHandlers } from './handlers';
import { stacksAddress } from './keys';
import { StacksService } from './service';

export const STACKS_MODULE: LayerModule<'stacks', StacksService, StacksHopSide> = {
  descriptor: STACKS_LAYER,
  account(keys, preset) {
    const { address, path } = stacksAddress(keys.root, preset.params);
    return { layer: 'stacks', network: preset.id, networkLabel: preset.label, kind: 'address', value: address, path, alternates: [] };
  },
  service: (deps) => new StacksService(deps),
  handlers: stacksHandlers,
  hopSide: async (runtime, preset) => stacksHopSide(await runtime.service(preset)),
};
