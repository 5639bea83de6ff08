import { useEffect, useState } from 'preact/hooks';
import type { LabelType } from '../../shared/labels';
import type { LayerId } from '../../shared/layers';
import { t } from '../i18n';
import { onSubmit, useAction } from '../use-action';
import { saveLabel, useLabel } from '../use-labels';
import { ErrorText } from './ErrorText';

/** The label of a transaction, address or hop, editable in place (public data, kept by the background). */
export function LabelField({ type, reference, layer }: { type: LabelType; reference: string; layer?: LayerId }) {
  const saved = useLabel(type, reference);
  const [draft, setDraft] = useState(saved);
  const { busy, error, run } = useAction();
  // Follows the stored label (first load, an import) unless the user is typing another.
  useEffect(() => setDraft(saved), [saved]);
  const save = () => run(() => saveLabel(type, reference, draft, layer));
  return (
    <form class="row label-field" data-testid="label-field" data-label={saved} onSubmit={onSubmit(save)}>
      <input
        type="text"
        data-testid="label-input"
        maxLength={255}
        placeholder={t('labelPlaceholder')}
        aria-label={t('labelPlaceholder')}
        value={draft}
        onInput={(e) => setDraft(e.currentTarget.value)}
      />
      <button type="submit" class="small" data-testid="label-save" disabled={busy || draft.trim() === saved}>
        {t('labelSave')}
      </button>
      <ErrorText text={error} />
    </form>
  );
}
