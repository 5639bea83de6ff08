import { LAYER_IDS, type LayerId } from '../../shared/layers';
import type { Settings } from '../../shared/settings';
import { ErrorText } from '../components/ErrorText';
import { t } from '../i18n';
import { call } from '../rpc-client';
import { useAction } from '../use-action';

/**
 * "Layers shown": one switch per layer, saved at once. A hidden layer leaves Home,
 * the Move form and the network list; its funds and keys stay as they are. The
 * last shown layer cannot be switched off.
 */
export function LayersShown({ hidden, onSaved }: { hidden: readonly LayerId[]; onSaved: (next: Settings) => void }) {
  const { busy, error, run } = useAction();
  const shownCount = LAYER_IDS.length - hidden.length;
  // From what is saved, not from an earlier click still in flight (the boxes are disabled meanwhile).
  const toggle = (layer: LayerId, show: boolean) =>
    run(async () => {
      const next = show ? hidden.filter((l) => l !== layer) : [...hidden, layer];
      onSaved(await call('settings.update', { hiddenLayers: next }));
    });
  return (
    <fieldset data-testid="layers-shown">
      <legend>{t('layersShown')}</legend>
      <p class="muted">{t('layersShownNote')}</p>
      {LAYER_IDS.map((layer) => {
        const shown = !hidden.includes(layer);
        const last = shown && shownCount === 1;
        return (
          <label key={layer} class="inline">
            <input
              type="checkbox"
              data-testid={`layer-shown-${layer}`}
              checked={shown}
              disabled={busy || last}
              onChange={(e) => {
                // The box shows what is saved; it flips when the background has stored the change.
                const want = e.currentTarget.checked;
                e.currentTarget.checked = shown;
                void toggle(layer, want);
              }}
            />
            {t(`layer_${layer}`)}
            {last ? (
              <span class="muted" data-testid="layer-shown-last">
                {' '}
                {t('layersShownLast')}
              </span>
            ) : null}
          </label>
        );
      })}
      <ErrorText text={error} />
    </fieldset>
  );
}
