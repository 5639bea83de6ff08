import { useState } from 'preact/hooks';
import type { ActivityItem } from '../../../shared/layer-views';
import type { BumpReviewView } from '../../../shared/layers/bitcoin';
import { Amount } from '../../components/Amount';
import { ErrorText } from '../../components/ErrorText';
import { FeePicker, type FeeValue } from '../../components/FeePicker';
import { TxDone } from '../../components/TxDone';
import { ReviewRow } from '../../components/SendFlow';
import { t } from '../../i18n';
import { call } from '../../rpc-client';
import { useAction } from '../../use-action';
import { FormActions } from '../../components/FormActions';

type Step = { name: 'pick' } | { name: 'review'; review: BumpReviewView } | { name: 'done'; txid: string; feeRate: string };

/**
 * Replace an unconfirmed send with one paying a higher fee rate (RBF): pick a
 * rate, review every output of the replacement, confirm. The background signs
 * only the reviewed replacement; if it changed meanwhile it refuses and we review again.
 */
export function SpeedUp({ item, onDone }: { item: ActivityItem; onDone: () => void }) {
  const [fee, setFee] = useState<FeeValue>({ kind: 'fast' });
  const [step, setStep] = useState<Step>({ name: 'pick' });
  const { busy, error, run } = useAction();
  const review = () => run(async () => setStep({ name: 'review', review: await call('bitcoin.bumpReview', { txid: item.id, fee }) }));
  const confirm = async (r: BumpReviewView) => {
    // The reviewed rate, not the preset's estimate of now: the replacement must be the one shown.
    const done = await run(() => call('bitcoin.bump', { txid: item.id, fee: { kind: 'custom', satPerVb: r.feeRate }, reviewId: r.reviewId }));
    if (done) setStep({ name: 'done', txid: done.txid, feeRate: done.feeRate });
  };

  if (step.name === 'done') {
    return (
      <TxDone testId="speed-up-panel" title={t('speedUp')} txid={step.txid} txidTestId="bumped-txid" doneTestId="bumped-done" onDone={onDone}>
        <p class="ok" data-testid="bumped">
          {t('bumped', step.feeRate)}
        </p>
      </TxDone>
    );
  }

  if (step.name === 'review') {
    const r = step.review;
    return (
      <section class="screen" data-testid="bump-review-panel">
        <h2>{t('reviewTitle')}</h2>
        <p class="muted">{t('bumpReviewBody')}</p>
        <ul class="outputs">
          {r.outputs.map((o, i) => (
            <li key={i} data-testid="bump-output" data-role={o.role} data-address={o.address ?? ''} data-value={o.amount}>
              <strong>{t(`bumpRole_${o.role}`)}</strong>{' '}
              <code class="address">{o.address ?? o.script}</code>{' '}
              <Amount value={o.amount} decimals={8} symbol="BTC" />
              {o.before !== undefined ? (
                <span class="muted">
                  {' '}
                  ({t('bumpWas')} <Amount value={o.before} decimals={8} symbol="BTC" />)
                </span>
              ) : null}
            </li>
          ))}
        </ul>
        <table class="review">
          <tbody>
            <ReviewRow label={t('networkFee')}>
              <Amount value={r.fee} decimals={8} symbol="BTC" testId="bump-fee" /> ({r.feeRate} sat/vB)
            </ReviewRow>
            <ReviewRow label={t('bumpOldFee')}>
              <Amount value={r.oldFee} decimals={8} symbol="BTC" testId="bump-old-fee" /> ({r.oldFeeRate} sat/vB)
            </ReviewRow>
          </tbody>
        </table>
        {r.addedInputs > 0 ? <p class="muted">{t('bumpAddedInputs', String(r.addedInputs))}</p> : null}
        <ErrorText text={error} />
        <button type="button" class="primary" data-testid="bump-confirm" disabled={busy} onClick={() => void confirm(r)}>
          {busy ? t('sending') : t('replaceWithHigherFee')}
        </button>
        <button type="button" class="link" data-testid="bump-review-again" onClick={() => void review()}>
          {t('bumpReviewAgain')}
        </button>
        <button type="button" class="link" onClick={() => setStep({ name: 'pick' })}>
          {t('back')}
        </button>
      </section>
    );
  }

  return (
    <section class="screen" data-testid="speed-up-panel">
      <h2>{t('speedUp')}</h2>
      <p class="muted">
        {t('speedUpBody')} <Amount value={item.amount} decimals={item.decimals} symbol={item.symbol} />
      </p>
      <FeePicker value={fee} onChange={setFee} />
      <FormActions error={error} busy={busy} label={t('review')} busyLabel={t('checking')} testId="bump-review" onClick={() => void review()} onBack={onDone} />
    </section>
  );
}
