/** Labels: set, list, and BIP-329 export and import, for the unlocked wallet only. */
import type { LayerId } from '../../shared/layers';
import type { LabelType } from '../../shared/labels';
import type { LabelStore } from '../labels/store';
import type { Handlers } from '../rpc';
import type { WalletService } from '../wallet';

type LabelHandlers = Pick<Handlers, `labels.${string}` & keyof Handlers>;

/**
 * BIP-329's `origin` for a Bitcoin record of this wallet: the account's key origin (root
 * fingerprint and hardened path, no key). Taproot addresses belong to the BIP86 account;
 * transactions and other addresses to the BIP84 one, where the wallet receives. Other
 * layers' records carry none: BIP-329 describes Bitcoin wallets' origins only.
 */
export function bitcoinOrigin(fingerprint: number, type: LabelType, ref: string): string | undefined {
  if (type !== 'tx' && type !== 'addr') return undefined;
  const fp = (fingerprint >>> 0).toString(16).padStart(8, '0');
  const taproot = type === 'addr' && /^(bc|tb|bcrt)1p/i.test(ref);
  return taproot ? `tr([${fp}/86'/1'/0'])` : `wpkh([${fp}/84'/1'/0'])`;
}

export function labelHandlers(wallet: WalletService, labels: LabelStore): LabelHandlers {
  const walletId = async () => (await wallet.unlockedWallet()).id;
  return {
    'labels.list': async () => labels.list(await walletId()),
    'labels.set': async ({ type, ref, label, layer }) => {
      const { keyring, id } = await wallet.unlockedWallet();
      const origin = (layer as LayerId | undefined) === 'bitcoin' && label !== '' ? bitcoinOrigin(keyring.root.fingerprint, type, ref) : undefined;
      return labels.set(id, origin ? { type, ref, label, origin } : { type, ref, label });
    },
    'labels.export': async () => labels.export(await walletId()),
    'labels.import': async ({ text }) => labels.import(await walletId(), text),
  };
}
