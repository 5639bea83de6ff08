import { useEffect, useState } from 'preact/hooks';
import { LAYER_IDS, type LayerId } from '../shared/layers';
import { call } from './rpc-client';

/** Layers not switched off in Settings ("Layers shown"), in the wallet's order. */
export function shownLayers(hidden: readonly LayerId[]): LayerId[] {
  return LAYER_IDS.filter((l) => !hidden.includes(l));
}

/**
 * The layers the user shows. If the settings cannot be read, every layer is shown:
 * hiding is a view preference, and the background refuses a hidden layer's methods anyway.
 */
export function readShownLayers(): Promise<LayerId[]> {
  return call('settings.get', {}).then(
    (s) => shownLayers(s.hiddenLayers ?? []),
    () => [...LAYER_IDS],
  );
}

/** readShownLayers once per screen; null until known. */
export function useShownLayers(): LayerId[] | null {
  const [shown, setShown] = useState<LayerId[] | null>(null);
  useEffect(() => {
    void readShownLayers().then(setShown);
  }, []);
  return shown;
}
