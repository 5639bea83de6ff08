/** Lightning's side for hops: the connected wallet (NWC), which pays and makes invoices; none connected refuses. */
import { WalletError } from '../../shared/errors';
import type { LightningHopSide } from '../hop-sides';
import type { LightningFunding } from './funding';
import { localText } from '../../shared/local-text';

export function lightningHopSide(funding: LightningFunding | null): LightningHopSide {
  if (!funding) throw new WalletError('no_funding', localText('err_ln_no_wallet_move'));
  return funding;
}
