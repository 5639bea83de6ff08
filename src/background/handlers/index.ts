/** Binds every protocol method to the background service that answers it: the wallet's and hops' own, then each layer's from the registry. */
import { LAYER_IDS, type LayerId } from '../../shared/layers';
import { layerModule } from '../../layers/registry';
import { DappCore, dappWallet, NO_WINDOWS, transientArea } from '../dapp';
import type { Hops } from '../hops';
import type { LabelStore } from '../labels/store';
import type { Layers } from '../layers';
import type { Handlers } from '../rpc';
import type { SettingsStore } from '../settings-store';
import type { WalletService } from '../wallet';
import { activityHandlers } from './activity';
import { hopHandlers } from './hops';
import { labelHandlers } from './labels';
import { walletHandlers } from './wallet';

/** Every layer's handlers; built once at start (closures only, no service is built until a request needs it). */
function layerHandlers(layers: Layers) {
  const one = <L extends LayerId>(layer: L) => layerModule(layer).handlers(layers.runtime(layer));
  return Object.assign({}, ...LAYER_IDS.map(one)) as { [L in LayerId]: ReturnType<typeof one<L>> }[LayerId];
}

export function createHandlers(
  wallet: WalletService,
  settings: SettingsStore,
  layers: Layers,
  hops: Hops,
  labels: LabelStore,
  /** The worker passes its own (with the browser's windows); without one, approvals cannot open a window. */
  dapp: DappCore = new DappCore({ local: transientArea(), now: Date.now, windows: NO_WINDOWS, wallet: dappWallet(wallet, settings, layers), selfId: '' }),
): Handlers {
  return {
    ...walletHandlers(wallet, settings, layers),
    ...(layerHandlers(layers) as Omit<
      Handlers,
      keyof ReturnType<typeof walletHandlers> | keyof ReturnType<typeof hopHandlers> | keyof ReturnType<typeof labelHandlers> | keyof ReturnType<typeof activityHandlers>
    >),
    ...hopHandlers(hops, settings),
    ...labelHandlers(wallet, labels),
    ...activityHandlers(settings, layers, hops),
    ...dapp.handlers(),
    // Hops wait while the wallet is locked (their keys are needed); resume them on unlock.
    'vault.unlock': async (p) => {
      const status = await wallet.unlock(p.password);
      void hops.tick(true).catch(() => undefined);
      // dApp requests waiting for Unlock in the approval window go on.
      dapp.approvals.unlocked();
      return status;
    },
  };
}
