/**
 * "Layers shown" on the RPC surface: a layer the user switched off answers none of
 * its methods and takes part in no new move. Hops already under way keep being
 * followed (hiding a layer must not strand funds).
 */
import { WalletError } from '../shared/errors';
import { LAYER_IDS, type LayerId } from '../shared/layers';
import { methodOwner, type MethodName } from '../shared/rpc';
import type { Settings } from '../shared/settings';
import { localText } from '../shared/local-text';

type SettingsReader = { get(): Promise<Settings> };

export function layerDisabled(layer: LayerId): WalletError {
  return new WalletError('layer_disabled', localText('err_layer_switched_off', localText(`layer_${layer}`)));
}

/** Throws layer_disabled when any of `layers` is hidden. */
export async function assertShown(settings: SettingsReader, ...layers: LayerId[]): Promise<void> {
  const { hiddenLayers } = await settings.get();
  const hidden = layers.find((l) => hiddenLayers.includes(l));
  if (hidden) throw layerDisabled(hidden);
}

export async function shownLayers(settings: SettingsReader): Promise<LayerId[]> {
  const { hiddenLayers } = await settings.get();
  return LAYER_IDS.filter((l) => !hiddenLayers.includes(l));
}

/** For the dispatcher: refuses a method owned by a hidden layer, before its params are read. */
export function layerGate(settings: SettingsReader): (method: MethodName) => Promise<void> {
  return async (method) => {
    const owner = methodOwner(method);
    if (owner) await assertShown(settings, owner);
  };
}
