/** A layer's first account from the seed: the key at its path, and the public view the popup gets. */
import type { HDKey } from '@scure/bip32';
import type { LayerAccountView } from '../shared/accounts';
import type { LayerId } from '../shared/layers';
import type { NetworkPreset } from '../shared/networks';

/** The public key of address `index` of the account at `accountPath` (`…/0`, the receive chain), with its full path. */
export function accountPublicKey(root: HDKey, accountPath: string, index: number): { publicKey: Uint8Array; path: string } {
  const path = `${accountPath}/${index}`;
  const publicKey = root.derive(path).publicKey;
  if (!publicKey) throw new Error('derivation produced no public key');
  return { publicKey, path };
}

/** What the popup may see of an account: its address (or identity key), path and other public forms, on `preset`. */
export function accountView<L extends LayerId>(
  preset: NetworkPreset<L>,
  account: { kind?: LayerAccountView['kind']; value: string; path: string; alternates?: LayerAccountView['alternates'] },
): LayerAccountView {
  return { layer: preset.layer, network: preset.id, networkLabel: preset.label, kind: account.kind ?? 'address', value: account.value, path: account.path, alternates: account.alternates ?? [] };
}
