import { BalanceList } from '../../components/Balances';
import { chainLayerUi } from '../chain-ui';
import { StacksReceive } from './StacksReceive';
import { StacksSend } from './StacksSend';

/** STX and token balances (sBTC), activity with pending sends, send and receive. */
export const STACKS_UI = chainLayerUi('stacks', {
  prefix: 'stx',
  Balances: ({ balances }) => (
    <BalanceList
      balances={balances}
      testId="stx-balances"
      itemId={(b) => `stx-balance-${b.symbol}`}
      confirmedId={(b) => `stx-confirmed-${b.symbol}`}
      pendingId={(b) => `stx-pending-${b.symbol}`}
    />
  ),
  Send: StacksSend,
  Receive: StacksReceive,
});
