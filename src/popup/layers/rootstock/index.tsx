import { chainLayerUi } from '../chain-ui';
import { RootstockReceive } from './RootstockReceive';
import { RootstockSend } from './RootstockSend';
import { RootstockSpeedUp } from './RootstockSpeedUp';

/** RBTC balance, activity (own sends and receives), send, receive and speed-ups. */
export const ROOTSTOCK_UI = chainLayerUi('rootstock', {
  prefix: 'rsk',
  Send: RootstockSend,
  Receive: RootstockReceive,
  SpeedUp: RootstockSpeedUp,
});
