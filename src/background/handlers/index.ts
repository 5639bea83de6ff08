/** Binds every protocol method to the background service that answers it. */
import type { Layers } from '../layers';
import type { Handlers } from '../rpc';
import type { SettingsStore } from '../settings-store';
import type { WalletService } from '../wallet';
import { bitcoinHandlers } from './bitcoin';
import { lightningHandlers } from './lightning';
import { walletHandlers } from './wallet';

export function createHandlers(wallet: WalletService, settings: SettingsStore, layers: Layers): Handlers {
  return { ...walletHandlers(wallet, settings, layers), ...bitcoinHandlers(layers), ...lightningHandlers(layers) };
}
