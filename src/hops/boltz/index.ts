/**
 * Boltz swaps as hop mechanisms, and a Lightning funding that pays and receives
 * through them. The background builds these once and hands them to HopEngine.
 */
import type { Mechanism } from '../mechanism';
import { ChainMechanism } from './chain';
import { ReverseMechanism } from './reverse';
import { SubmarineMechanism } from './submarine';

export function boltzMechanisms(): Mechanism[] {
  return [new SubmarineMechanism(), new ReverseMechanism(), new ChainMechanism()];
}

export { BoltzApi } from './api';
export { SubmarineMechanism, ReverseMechanism, ChainMechanism };
export { BoltzSwapFunding, submarineQuoteForInvoice, type SwapFundingOptions } from './swap-funding';
export { restoreBoltzHops, type RestoreResult } from './restore';
