import { UNITS } from '../../../shared/units';
import { BalanceList } from '../../components/Balances';
import { chainLayerUi } from '../chain-ui';
import { LiquidReceive } from './LiquidReceive';
import { LiquidSend } from './LiquidSend';

/** Per-asset balances (unblinded in the background), activity, confidential send and receive. */
export const LIQUID_UI = chainLayerUi('liquid', {
  prefix: 'lq',
  feeUnit: UNITS.LBTC,
  // Ticker where the registry preset names it, else a short asset id (full id on hover).
  Balances: ({ balances }) => (
    <BalanceList balances={balances} testId="lq-balances" confirmedId={(b) => `lq-balance-${b.asset}`} pendingId={(b) => `lq-pending-${b.asset}`} />
  ),
  Send: LiquidSend,
  Receive: LiquidReceive,
});
