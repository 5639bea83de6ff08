import { useState } from 'preact/hooks';
import type { ActivityItem } from '../../../shared/layer-views';
import { Amount } from '../../components/Amount';
import { ErrorText } from '../../components/ErrorText';
import { FeePicker, type FeeValue } from '../../components/FeePicker';
import { t } from '../../i18n';
import { call } from '../../rpc-client';
import { useAction } from '../../use-action';

/** Replace an unconfirmed send with one paying a higher fee rate (RBF). */
export function SpeedUp({ item, onDone }: { item: ActivityItem; onDone: () => void }) {
  const [fee, setFee] = useState<FeeValue>({ kind: 'fast' });
  const [result, setResult] = useState<{ txid: string; fee: string; feeRate: string } | null>(null);
  const { busy, error, run } = useAction();
  const bump = () => run(async () => setResult(await call('bitcoin.bump', { txid: item.id, fee })));

  return (
    <section class="screen" data-testid="speed-up-panel">
      <h2>{t('speedUp')}</h2>
      <p class="muted">
        {t('speedUpBody')} <Amount value={item.amount} decimals={item.decimals} symbol={item.symbol} />
      </p>
      {result ? (
        <>
          <p class="ok" data-testid="bumped">
            {t('bumped', result.feeRate)}
          </p>
          <code class="address" data-testid="bumped-txid">
            {result.txid}
          </code>
          <button type="button" class="primary" onClick={onDone}>
            {t('done')}
          </button>
        </>
      ) : (
        <>
          <FeePicker value={fee} onChange={setFee} />
          <ErrorText text={error} />
          <button type="button" class="primary" data-testid="bump-confirm" disabled={busy} onClick={bump}>
            {busy ? t('sending') : t('replaceWithHigherFee')}
          </button>
          <button type="button" class="link" onClick={onDone}>
            {t('back')}
          </button>
        </>
      )}
    </section>
  );
}
