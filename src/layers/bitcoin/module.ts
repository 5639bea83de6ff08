/** The Bitcoin layer, background half: its first account, its service and its screen's handlers. */
import { BITCOIN_LAYER } from '../../shared/layers/bitcoin';
import type { BitcoinHopSide } from '../hop-sides';
import type { LayerModule } from '../types';
import { bitcoinHopSide } from './hop-side';
import { bitcoinHandlers } from './handlers';
import { bitcoinAddress } from './keys';
import { BitcoinService } from './service';
import { accountView, serviceSide } from '../module-parts';

export const BITCOIN_MODULE: LayerModule<'bitcoin', BitcoinService, BitcoinHopSide> = {
  descriptor: BITCOIN_LAYER,
  account(keys, preset) {
    const segwit = bitcoinAddress(keys.root, preset.params, 'p2wpkh', 0, 0);
    const taproot = bitcoinAddress(keys.root, preset.params, 'p2tr', 0, 0);
    return accountView(preset, { value: segwit.address, path: segwit.path, alternates: [{ label: 'Taproot', value: taproot.address }] });
  },
  service: (deps) => new BitcoinService(deps),
  handlers: bitcoinHandlers,
  hopSide: serviceSide(bitcoinHopSide),
};
