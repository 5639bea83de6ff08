/** Lightning's side for hops: the connected wallet (NWC), which pays and makes invoices; none connected refuses. */
import { WalletError } from '../../shared/errors';
import type { LightningHopSide } from '../hop-sides';
import type { LightningFunding } from './funding';

export function lightningHopSide(funding: LightningFunding | null): LightningHopSide {
  if (!funding) throw new WalletError('no_funding', 'No Lightning wallet is connected. Connect one to move funds over Lightning.');
  return funding;
}
