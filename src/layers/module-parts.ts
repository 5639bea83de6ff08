/** What layer modules are built from: the account key at its path, the account's public view, the hop side over the service. */
import type { HDKey } from '@scure/bip32';
import type { LayerAccountView } from '../shared/accounts';
import type { LayerId } from '../shared/layers';
import type { NetworkPreset } from '../shared/networks';
import type { LayerRuntime } from './types';

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

/** A module's `hopSide` that wraps the layer's service on the hop's preset (`side`: what of it hops may use). */
export function serviceSide<L extends LayerId, S, H>(side: (service: S) => H) {
  return async (runtime: LayerRuntime<L, S>, preset: NetworkPreset<L>): Promise<H> => side(await runtime.service(preset));
}
