import { t } from '../../i18n';

/** Where a move to Lightning is paid: an invoice (its amount decides), an LNURL-pay or a Lightning Address. */
export function LightningDestinationField({ value, onInput }: { value: string; onInput: (v: string) => void }) {
  return (
    <label>
      {t('moveLightningDestination')}
      <textarea
        rows={3}
        spellcheck={false}
        autocomplete="off"
        data-testid="move-destination"
        placeholder="lnbc… / LNURL… / name@host"
        value={value}
        onInput={(e) => onInput(e.currentTarget.value)}
      />
      <small class="muted">{t('moveLightningDestinationHint')}</small>
    </label>
  );
}
