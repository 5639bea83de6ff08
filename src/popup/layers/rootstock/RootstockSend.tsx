import { useState } from 'preact/hooks';
import type { RootstockQuoteView } from '../../../shared/layers/rootstock';
import { Amount } from '../../components/Amount';
import { Field } from '../../components/Field';
import { ReviewRow, SendFlow } from '../../components/SendFlow';
import { t } from '../../i18n';
import { call } from '../../rpc-client';

const rbtc = (value: string, testId: string) => <Amount value={value} decimals={18} symbol="RBTC" testId={testId} />;

/**
 * Send RBTC: form -> review (amount, gas limit, gas price, fee, total) -> sent.
 * The background parses the typed text and checks everything again on send.
 */
export function RootstockSend({ onDone }: { onDone: () => void }) {
  const [to, setTo] = useState('');
  const [amount, setAmount] = useState('');
  const [gasPrice, setGasPrice] = useState('');

  return (
    <SendFlow<RootstockQuoteView>
      prefix="rsk"
      ids={{ sentTxid: 'rsk-sent-hash' }}
      title={t('rskSendTitle')}
      sentBody={t('rskSentBody')}
      noExplorerNote={t('rskNoExplorer')}
      canReview={to.trim() !== '' && amount.trim() !== ''}
      quote={() => call('rootstock.quote', { to: to.trim(), amount: amount.trim(), gasPriceGwei: gasPrice.trim() })}
      // Send at the reviewed gas price and limit, not a fresh suggestion: what was shown is what gets signed.
      send={async (q) => {
        const sent = await call('rootstock.send', { to: q.to, amountWei: q.amount, gasPrice: q.gasPrice, gasLimit: q.gasLimit });
        return { txid: sent.hash, explorerUrl: sent.explorerUrl };
      }}
      reviewRows={(q) => (
        <>
          <ReviewRow label={t('amount')}>{rbtc(q.amount, 'rsk-review-amount')}</ReviewRow>
          <ReviewRow label={t('rskGasLimit')} testId="rsk-review-gas-limit" value={q.gasLimit}>
            {q.gasLimit}
          </ReviewRow>
          <ReviewRow label={t('rskGasPrice')}>
            <Amount value={q.gasPrice} decimals={9} symbol="gwei" testId="rsk-review-gas-price" />
          </ReviewRow>
          <ReviewRow label={t('rskMaxFee')}>{rbtc(q.fee, 'rsk-review-fee')}</ReviewRow>
          <ReviewRow label={t('total')}>{rbtc(q.total, 'rsk-review-total')}</ReviewRow>
        </>
      )}
      reviewNotes={() => <p class="muted">{t('rskFeeNote')}</p>}
      onDone={onDone}
    >
      <Field label={t('recipient')} testId="rsk-send-to" kind="address" placeholder="0x…" value={to} onInput={setTo} />
      <Field label={t('rskAmount')} testId="rsk-send-amount" kind="amount" placeholder="0.001" value={amount} onInput={setAmount} />
      <Field label={t('rskGasPriceGwei')} testId="rsk-send-gas-price" kind="amount" placeholder={t('rskAutomatic')} value={gasPrice} onInput={setGasPrice} />
    </SendFlow>
  );
}
