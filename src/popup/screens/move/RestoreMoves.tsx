import { useState } from 'preact/hooks';
import { ErrorText } from '../../components/ErrorText';
import { t } from '../../i18n';
import { call } from '../../rpc-client';
import { useAction } from '../../use-action';

/** For a wallet restored from its phrase: find swaps made with this seed's keys that this profile does not know. */
export function RestoreMoves({ onRestored }: { onRestored: () => void }) {
  const [found, setFound] = useState<{ restored: number; skipped: number } | null>(null);
  const { busy, error, run } = useAction();
  const restore = () =>
    run(async () => {
      setFound(await call('hops.restore', {}));
      onRestored();
    });
  return (
    <div class="restore-moves">
      <button type="button" class="link" data-testid="hops-restore" disabled={busy} onClick={restore}>
        {busy ? t('checking') : t('hopsRestore')}
      </button>
      {found ? (
        <p class="muted" data-testid="hops-restored" data-count={String(found.restored)}>
          {t('hopsRestored', String(found.restored))}
        </p>
      ) : null}
      <ErrorText text={error} />
    </div>
  );
}
