/** Binds every protocol method to the background service that answers it. */
import type { Hops } from '../hops';
import type { Layers } from '../layers';
import type { Handlers } from '../rpc';
import type { SettingsStore } from '../settings-store';
import type { WalletService } from '../wallet';
import { bitcoinHandlers } from './bitcoin';
import { hopHandlers } from './hops';
import { liquidHandlers } from './liquid';
import { rootstockHandlers } from './rootstock';
import { walletHandlers } from './wallet';

export function createHandlers(wallet: WalletService, settings: SettingsStore, layers: Layers, hops: Hops): Handlers {
  return {
    ...walletHandlers(wallet, settings, layers),
    ...bitcoinHandlers(layers),
    ...rootstockHandlers(layers),
    ...liquidHandlers(layers),
    ...hopHandlers(hops),
    // Hops wait while the wallet is locked (their keys are needed); resume them on unlock.
    'vault.unlock': async (p) => {
      const status = await wallet.unlock(p.password);
      void hops.tick(true).catch(() => undefined);
      return status;
    },
  };
}
