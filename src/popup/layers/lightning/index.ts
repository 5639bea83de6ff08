import type { LayerUi } from '../types';
import { LightningScreen } from './LightningScreen';

/** Pay, receive and the NWC link: screens of their own kind, not the on-chain send flow. */
export const LIGHTNING_UI: LayerUi<'lightning'> = { id: 'lightning', Screen: LightningScreen };
