import { useEffect, useState } from 'preact/hooks';
import type { FeeOptionsView } from '../../shared/layers/bitcoin';
import { t } from '../i18n';
import { call } from '../rpc-client';

export type FeeKind = 'slow' | 'normal' | 'fast' | 'custom';
export interface FeeValue {
  kind: FeeKind;
  satPerVb?: string;
}

/** Slow / normal / fast from the backend's estimates, or a custom sat/vB rate. */
export function FeePicker({ value, onChange }: { value: FeeValue; onChange: (v: FeeValue) => void }) {
  const [options, setOptions] = useState<FeeOptionsView | null>(null);
  useEffect(() => {
    call('bitcoin.feeOptions', {}).then(setOptions, () => setOptions(null));
  }, []);
  return (
    <fieldset class="fee-picker" data-testid="fee-picker">
      <legend>{t('feeRate')}</legend>
      {(['slow', 'normal', 'fast'] as const).map((k) => (
        <label key={k} class="inline">
          <input type="radio" name="fee" data-testid={`fee-${k}`} checked={value.kind === k} onChange={() => onChange({ kind: k })} />
          {t(`fee_${k}`)}
          {options ? <span class="muted"> {options[k]} sat/vB</span> : null}
        </label>
      ))}
      <label class="inline">
        <input type="radio" name="fee" data-testid="fee-custom" checked={value.kind === 'custom'} onChange={() => onChange({ kind: 'custom', satPerVb: value.satPerVb ?? '' })} />
        {t('fee_custom')}
        <input
          class="narrow"
          inputMode="decimal"
          data-testid="fee-custom-rate"
          placeholder="sat/vB"
          value={value.satPerVb ?? ''}
          onInput={(e) => onChange({ kind: 'custom', satPerVb: e.currentTarget.value })}
        />
      </label>
    </fieldset>
  );
}
