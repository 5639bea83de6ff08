import { useState } from 'preact/hooks';
import { MAX_IMPORT_CHARS } from '../../shared/labels';
import { ErrorText } from '../components/ErrorText';
import { t } from '../i18n';
import { call } from '../rpc-client';
import { useAction } from '../use-action';
import { reloadLabels } from '../use-labels';

export const LABELS_FILE_NAME = 'layerhop-labels.jsonl';

/** Settings' labels part: a BIP-329 `.jsonl` download, and a file picked to merge in (read here as text, checked by the background). */
export function LabelsBackup() {
  const { busy, error, setError, run } = useAction();
  const [notice, setNotice] = useState('');

  const exportLabels = () =>
    run(async () => {
      setNotice('');
      const { text, count } = await call('labels.export', {});
      const url = URL.createObjectURL(new Blob([text], { type: 'application/jsonl' }));
      const a = document.createElement('a');
      a.href = url;
      a.download = LABELS_FILE_NAME;
      a.click();
      // Revoked later: revoking at once can cancel the download before it starts.
      setTimeout(() => URL.revokeObjectURL(url), 60_000);
      setNotice(t('labelsExported', String(count), LABELS_FILE_NAME));
    });

  const importLabels = (input: HTMLInputElement) =>
    run(async () => {
      setNotice('');
      const file = input.files?.[0];
      input.value = '';
      if (!file) return;
      // Bytes bound characters from above: a file within the cap in bytes is within it in characters.
      if (file.size > MAX_IMPORT_CHARS) {
        setError(t('labelsFileTooLarge', String(MAX_IMPORT_CHARS / 1_000_000)));
        return;
      }
      const r = await call('labels.import', { text: await file.text() });
      await reloadLabels();
      const parts = [t('labelsImported', String(r.imported), String(r.ignored), String(r.truncated))];
      if (r.refused > 0) parts.push(t('labelsRefused', String(r.refused), r.refusedLines.join(', ') + (r.refused > r.refusedLines.length ? ', …' : '')));
      setNotice(parts.join(' '));
    });

  return (
    <section data-testid="labels-backup">
      <h3>{t('labelsTitle')}</h3>
      <button type="button" data-testid="labels-export" disabled={busy} onClick={exportLabels}>
        {t('labelsExport')}
      </button>
      <label>
        {t('labelsImport')}
        <input type="file" data-testid="labels-import" accept=".jsonl,.json,.txt,application/jsonl,application/json,text/plain" disabled={busy} onChange={(e) => importLabels(e.currentTarget)} />
      </label>
      <ErrorText text={error} />
      {notice ? (
        <p class="ok" data-testid="labels-result">
          {notice}
        </p>
      ) : null}
    </section>
  );
}
