import { chainLayerUi } from '../chain-ui';
import { BitcoinReceive } from './BitcoinReceive';
import { BitcoinSend } from './BitcoinSend';
import { SpeedUp } from './SpeedUp';

/** Balance, activity, send, receive and fee bumps for Bitcoin L1. */
export const BITCOIN_UI = chainLayerUi('bitcoin', {
  prefix: 'btc',
  Send: BitcoinSend,
  Receive: BitcoinReceive,
  SpeedUp,
});
