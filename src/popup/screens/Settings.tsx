import { useEffect, useState } from 'preact/hooks';
import { LAYER_IDS, type LayerId } from '../../shared/layers';
import { endpointKey, findPreset, groupOfNetworks, networksOfGroup, pinKey, presetName, PRESETS, type NetworkGroup } from '../../shared/networks';
import { AUTO_LOCK_CHOICES, type Settings as SettingsShape } from '../../shared/settings';
import { ErrorText } from '../components/ErrorText';
import { t } from '../i18n';
import { call, errorText } from '../rpc-client';
import { shownLayers } from '../use-shown-layers';
import { ConnectedSites } from './ConnectedSites';
import { LabelsBackup } from './LabelsBackup';
import { LayersShown } from './LayersShown';
import { renderText } from '../../shared/local-text';

export function Settings(props: { onLockNow: () => void; onReveal: () => void; onChangePassword: () => void; onBack: () => void }) {
  const [saved, setSaved] = useState<SettingsShape | null>(null);
  const [draft, setDraft] = useState<SettingsShape | null>(null);
  const [error, setError] = useState('');
  const [notice, setNotice] = useState('');

  useEffect(() => {
    call('settings.get', {})
      .then((s) => {
        setSaved(s);
        setDraft(s);
      })
      .catch((err) => setError(errorText(err)));
  }, []);

  if (!draft || !saved) return <ErrorText text={error} />;

  const endpointValue = (layer: LayerId, presetId: string, key: string) =>
    draft.endpoints[endpointKey(layer, presetId, key)] ?? findPreset(layer, presetId)?.endpoints[key] ?? '';

  const pinValue = (layer: LayerId, presetId: string, key: string) =>
    draft.pins[pinKey(layer, presetId, key)] ?? (findPreset(layer, presetId)?.pins as Record<string, string> | undefined)?.[key] ?? '';

  const save = async (e: Event) => {
    e.preventDefault();
    setError('');
    setNotice('');
    try {
      // Send only overrides that differ from the preset; an emptied field restores the default.
      const endpoints: Record<string, string> = {};
      for (const layer of LAYER_IDS) {
        const preset = findPreset(layer, draft.networks[layer]);
        for (const [key, url] of Object.entries(preset?.endpoints ?? {})) {
          const k = endpointKey(layer, draft.networks[layer], key);
          const value = draft.endpoints[k];
          if (value === undefined) continue;
          endpoints[k] = value === url ? '' : value;
        }
      }
      const pins: Record<string, string> = {};
      for (const layer of LAYER_IDS) {
        const preset = findPreset(layer, draft.networks[layer]);
        for (const [key, pinned] of Object.entries(preset?.pins ?? {})) {
          const k = pinKey(layer, draft.networks[layer], key);
          const value = draft.pins[k];
          if (value === undefined) continue;
          pins[k] = value === pinned ? '' : value;
        }
      }
      const next = await call('settings.update', { autoLockMinutes: draft.autoLockMinutes, networks: draft.networks, endpoints, pins });
      setSaved(next);
      setDraft(next);
      setNotice(t('settingsSaved'));
    } catch (err) {
      setError(errorText(err));
    }
  };

  return (
    <form class="screen" data-testid="settings" onSubmit={save}>
      <h2>{t('settings')}</h2>
      <label>
        {t('autoLock')}
        <select
          data-testid="auto-lock"
          value={String(draft.autoLockMinutes)}
          onChange={(e) => setDraft({ ...draft, autoLockMinutes: Number(e.currentTarget.value) })}
        >
          {AUTO_LOCK_CHOICES.map((m) => (
            <option key={m} value={String(m)}>
              {t('minutes', String(m))}
            </option>
          ))}
        </select>
      </label>

      <LayersShown
        hidden={saved.hiddenLayers}
        onSaved={(next) => {
          // Only the switch was saved: other fields keep what the user is still editing.
          setSaved(next);
          setDraft({ ...draft, hiddenLayers: next.hiddenLayers });
        }}
      />

      <h3>{t('networks')}</h3>
      <label>
        {t('allLayers')}
        {/* Sets every layer's select at once (hidden layers too); each can still be changed below, which shows "mixed". */}
        <select
          data-testid="preset-all"
          value={groupOfNetworks(draft.networks)}
          onChange={(e) => {
            const group = e.currentTarget.value;
            if (group === 'testnets' || group === 'devnet') setDraft({ ...draft, networks: networksOfGroup(group as NetworkGroup) });
          }}
        >
          <option value="testnets">{t('allLayersTestnets')}</option>
          <option value="devnet">{t('allLayersDevnet')}</option>
          <option value="mixed" disabled>
            {t('allLayersMixed')}
          </option>
        </select>
      </label>
      {shownLayers(saved.hiddenLayers).map((layer) => {
        const presetId = draft.networks[layer];
        const preset = findPreset(layer, presetId);
        return (
          <fieldset key={layer} data-testid={`network-${layer}`}>
            <legend>{t(`layer_${layer}`)}</legend>
            <select
              data-testid={`preset-${layer}`}
              value={presetId}
              onChange={(e) => setDraft({ ...draft, networks: { ...draft.networks, [layer]: e.currentTarget.value } })}
            >
              {PRESETS[layer].map((p) => (
                <option key={p.id} value={p.id}>
                  {renderText(presetName(p), t)}
                </option>
              ))}
            </select>
            {Object.keys(preset?.endpoints ?? {}).map((key) => (
              <label key={key} class="endpoint">
                {t(`endpoint_${key}`)}
                <input
                  type="url"
                  data-testid={`endpoint-${layer}-${key}`}
                  value={endpointValue(layer, presetId, key)}
                  onInput={(e) =>
                    setDraft({ ...draft, endpoints: { ...draft.endpoints, [endpointKey(layer, presetId, key)]: e.currentTarget.value } })
                  }
                />
              </label>
            ))}
            {Object.keys(preset?.pins ?? {}).map((key) => (
              <label key={key} class="endpoint">
                {t(`pin_${key}`)}
                <input
                  type="text"
                  spellcheck={false}
                  data-testid={`pin-${layer}-${key}`}
                  value={pinValue(layer, presetId, key)}
                  onInput={(e) => setDraft({ ...draft, pins: { ...draft.pins, [pinKey(layer, presetId, key)]: e.currentTarget.value } })}
                />
              </label>
            ))}
          </fieldset>
        );
      })}
      <ErrorText text={error} />
      {notice ? (
        <p class="ok" data-testid="settings-saved">
          {notice}
        </p>
      ) : null}
      <button type="submit" class="primary" data-testid="settings-save">
        {t('save')}
      </button>

      <LabelsBackup />

      <ConnectedSites />

      <h3>{t('security')}</h3>
      <button type="button" data-testid="lock-now" onClick={props.onLockNow}>
        {t('lockNow')}
      </button>
      <button type="button" data-testid="open-reveal" onClick={props.onReveal}>
        {t('revealTitle')}
      </button>
      <button type="button" data-testid="open-change-password" onClick={props.onChangePassword}>
        {t('changePassword')}
      </button>
      <button type="button" class="link" data-testid="settings-back" onClick={props.onBack}>
        {t('back')}
      </button>
    </form>
  );
}
