/** The popup's layer registry: one line per layer; a missing one fails the typecheck. */
import type { LayerId } from '../../shared/layers';
import { BITCOIN_UI } from './bitcoin';
import { LIGHTNING_UI } from './lightning';
import { LIQUID_UI } from './liquid';
import { ROOTSTOCK_UI } from './rootstock';
import { STACKS_UI } from './stacks';
import type { LayerUi } from './types';

export const LAYER_UIS: { readonly [L in LayerId]: LayerUi<L> } = {
  bitcoin: BITCOIN_UI,
  lightning: LIGHTNING_UI,
  stacks: STACKS_UI,
  liquid: LIQUID_UI,
  rootstock: ROOTSTOCK_UI,
};
