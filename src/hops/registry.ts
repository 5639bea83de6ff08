/**
 * Every way the wallet moves value between layers, one line each. Keyed by
 * mechanism id, so a MechanismId without its mechanism (or one listed under
 * another id) fails the typecheck.
 */
import { ChainMechanism, ReverseMechanism, SubmarineMechanism } from './boltz';
import type { Mechanism } from './mechanism';
import { powpegPegin, powpegPegout } from './powpeg';
import { sbtcDeposit, sbtcWithdrawal } from './sbtc';
import type { MechanismId } from './types';

const REGISTRY: { [M in MechanismId]: Mechanism & { readonly id: M } } = {
  'boltz-submarine': new SubmarineMechanism(),
  'boltz-reverse': new ReverseMechanism(),
  'boltz-chain': new ChainMechanism(),
  'sbtc-deposit': sbtcDeposit,
  'sbtc-withdrawal': sbtcWithdrawal,
  'powpeg-pegin': powpegPegin,
  'powpeg-pegout': powpegPegout,
};

export const MECHANISMS: readonly Mechanism[] = Object.values(REGISTRY);
