/** Wallet lifecycle, settings and cross-layer handlers. */
import { probeDevnet } from '../devnet-probe';
import { assertShown, shownLayers } from '../layer-gate';
import type { Layers } from '../layers';
import type { Handlers } from '../rpc';
import type { SettingsStore } from '../settings-store';
import type { WalletService } from '../wallet';

type WalletHandlers = Pick<Handlers, `${'wallet' | 'onboarding' | 'vault' | 'accounts' | 'settings' | 'layers'}.${string}` & keyof Handlers>;

export function walletHandlers(wallet: WalletService, settings: SettingsStore, layers: Layers): WalletHandlers {
  return {
    'wallet.status': () => wallet.status(),
    'onboarding.generate': ({ wordCount }) => wallet.generate(wordCount),
    'onboarding.confirm': ({ answers }) => wallet.confirm(answers),
    'onboarding.create': ({ password }) => wallet.create(password),
    'onboarding.import': ({ mnemonic, password }) => wallet.importPhrase(mnemonic, password),
    'vault.unlock': ({ password }) => wallet.unlock(password),
    'vault.lock': () => wallet.lock(),
    'vault.changePassword': ({ current, next }) => wallet.changePassword(current, next),
    'vault.reveal': ({ password }) => wallet.reveal(password),
    'accounts.list': async () => {
      const unlocked = await wallet.unlockedWallet();
      const accounts = unlocked.keyring.accounts(await settings.get());
      // Public views only, for the popup's next first paint; a cache that cannot be written fails nothing.
      await layers.rememberAccounts(unlocked, accounts).catch(() => undefined);
      return accounts;
    },
    'settings.get': () => settings.get(),
    'settings.probeDevnet': async () => probeDevnet(await settings.get()),
    'settings.update': async (patch) => {
      const next = await settings.update(patch);
      // A shorter idle time applies from now on.
      if (patch.autoLockMinutes !== undefined) await wallet.touch();
      return next;
    },
    'layers.cached': async () => layers.cached(await shownLayers(settings)),
    'layers.overview': async ({ layer }) => {
      await assertShown(settings, layer);
      return layers.overview(layer);
    },
  };
}
