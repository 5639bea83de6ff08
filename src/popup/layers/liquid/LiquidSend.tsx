import { useEffect, useState } from 'preact/hooks';
import type { AssetBalance } from '../../../shared/layer-views';
import type { LiquidQuoteView } from '../../../shared/layers/liquid';
import { Field } from '../../components/Field';
import { SendFlow } from '../../components/SendFlow';
import { t } from '../../i18n';
import { call } from '../../rpc-client';
import { pickerOptions, type AssetOption } from './asset-options';
import { liquidReviewNotes, liquidReviewRows } from './LiquidReview';

/**
 * Send: asset + recipient + amount -> review (amount, fee in L-BTC, total,
 * confidential or not) -> sent. The amount is sent as typed; the background parses
 * it with the asset's precision and checks everything again on send.
 */
export function LiquidSend({ balances, onDone }: { balances: AssetBalance[]; onDone: () => void }) {
  const [options, setOptions] = useState<AssetOption[]>(() => pickerOptions(balances, []));
  const [asset, setAsset] = useState(options[0]?.id ?? '');
  const [to, setTo] = useState('');
  const [amount, setAmount] = useState('');

  useEffect(() => {
    call('liquid.assets', {}).then(
      (known) => {
        const next = pickerOptions(balances, known);
        setOptions(next);
        setAsset((a) => a || next[0]?.id || '');
      },
      () => undefined, // held assets are still offered
    );
  }, []);

  const chosen = options.find((o) => o.id === asset);
  const draft = () => ({ asset, to: to.trim(), amount: amount.trim() });
  return (
    <SendFlow<LiquidQuoteView>
      prefix="lq"
      title={t('sendLiquid')}
      sentBody={t('sentBody')}
      canReview={to.trim() !== '' && asset !== ''}
      quote={() => call('liquid.quote', draft())}
      // The reviewed rate and fee go back: a plan paying another fee is not signed, and a new review is shown.
      send={(q) => call('liquid.send', { ...draft(), feeRate: q.feeRate, fee: q.fee })}
      reviewRows={liquidReviewRows}
      reviewNotes={liquidReviewNotes}
      onDone={onDone}
    >
      <label>
        {t('asset')}
        <select data-testid="lq-send-asset" value={asset} onChange={(e) => setAsset(e.currentTarget.value)}>
          {options.map((o) => (
            <option key={o.id} value={o.id} title={o.id}>
              {o.label}
            </option>
          ))}
        </select>
      </label>
      <Field label={t('recipient')} testId="lq-send-to" kind="address" placeholder={t('liquidAddress')} value={to} onInput={setTo} />
      <Field label={t('amountIn', chosen?.symbol ?? '')} testId="lq-send-amount" kind="amount" placeholder="0.001" value={amount} onInput={setAmount} />
      <p class="muted">{t('liquidFeeNote')}</p>
    </SendFlow>
  );
}
