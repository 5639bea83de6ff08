import { useState } from 'preact/hooks';
import type { ActivityItem } from '../../../shared/layer-views';
import type { RootstockSentView } from '../../../shared/layers/rootstock';
import { Amount } from '../../components/Amount';
import { TxDone } from '../../components/TxDone';
import { t } from '../../i18n';
import { call } from '../../rpc-client';
import { onSubmit, useAction } from '../../use-action';
import { FormActions } from '../../components/FormActions';

/** Replaces a pending send with the same nonce at a higher gas price. */
export function RootstockSpeedUp({ item, onDone }: { item: ActivityItem; onDone: () => void }) {
  const [gasPrice, setGasPrice] = useState('');
  const [result, setResult] = useState<RootstockSentView | null>(null);
  const { busy, error, run } = useAction();
  const speedUp = onSubmit(() => run(async () => setResult(await call('rootstock.speedUp', { hash: item.id, gasPriceGwei: gasPrice }))));

  if (result) {
    return (
      <TxDone
        testId="rsk-sped-up"
        title={t('speedUp')}
        txid={result.hash}
        txidTestId="rsk-sped-up-hash"
        explorerUrl={result.explorerUrl}
        explorerTestId="rsk-sped-up-explorer"
        doneTestId="rsk-sped-up-done"
        onDone={onDone}
      >
        <p class="ok">
          {t('rskReplacedAt')} <Amount value={result.gasPrice} decimals={9} symbol="gwei" testId="rsk-sped-up-gas-price" />
        </p>
      </TxDone>
    );
  }

  return (
    <form class="screen" data-testid="rsk-speed-up-panel" onSubmit={speedUp}>
      <h2>{t('speedUp')}</h2>
      <p class="muted">
        {t('rskSpeedUpBody')} <Amount value={item.amount} decimals={item.decimals} symbol={item.symbol} />
      </p>
      <label>
        {t('rskGasPriceGwei')}
        <input
          inputMode="decimal"
          data-testid="rsk-speed-up-gas-price"
          placeholder={t('rskAutomatic')}
          value={gasPrice}
          onInput={(e) => setGasPrice(e.currentTarget.value)}
        />
      </label>
      <p class="muted">{t('rskSpeedUpHint')}</p>
      <FormActions error={error} busy={busy} label={t('rskReplace')} busyLabel={t('sending')} testId="rsk-speed-up-confirm" onBack={onDone} />
    </form>
  );
}
