/** Boltz swaps as hop mechanisms (submarine, reverse, chain); the mechanism registry lists them. */
export { BoltzApi } from './api';
export { ChainMechanism } from './chain';
export { ReverseMechanism } from './reverse';
export { SubmarineMechanism } from './submarine';
export { submarineQuoteForInvoice } from './invoice-quote';
export { restoreBoltzHops, type RestoreResult } from './restore';

import { ChainMechanism } from './chain';
import { ReverseMechanism } from './reverse';
import { SubmarineMechanism } from './submarine';

/** The three Boltz mechanisms, fresh (tests build engines over them alone). */
export function boltzMechanisms(): [SubmarineMechanism, ReverseMechanism, ChainMechanism] {
  return [new SubmarineMechanism(), new ReverseMechanism(), new ChainMechanism()];
}
