/**
 * Seed -> the public account of every layer. Private keys stay inside the HDKey
 * tree held here in the background; what leaves is LayerAccountView (public data).
 */
import { HDKey } from '@scure/bip32';
import type { LayerAccountView } from '../shared/accounts';
import { LAYER_IDS, type LayerId } from '../shared/layers';
import { resolvePreset } from '../shared/networks';
import type { Settings } from '../shared/settings';
import { slip77MasterBlindingKey } from '../layers/liquid/keys';
import { layerModule } from '../layers/registry';
import type { LayerKeys } from '../layers/types';

export class Keyring implements LayerKeys {
  readonly root: HDKey;
  readonly masterBlindingKey: Uint8Array;

  private memo: { key: string; accounts: LayerAccountView[] } | null = null;

  constructor(seed: Uint8Array) {
    this.root = HDKey.fromMasterSeed(seed);
    this.masterBlindingKey = slip77MasterBlindingKey(seed);
  }

  /**
   * On lock: zeroes the root's private key (derivations from it then fail loudly).
   * The SLIP-77 master blinding key is left as is, only dropped with this object: a
   * Liquid send still running would otherwise blind its change to a key derived
   * from zeros, silently, and the wallet could no longer see that change.
   */
  wipe(): void {
    this.root.wipePrivateData();
    this.memo = null;
  }

  /** First receive address (or identity) of every shown layer on the networks the settings select. */
  accounts(settings: Settings): LayerAccountView[] {
    const key = JSON.stringify([settings.networks, settings.hiddenLayers]);
    if (this.memo?.key !== key) this.memo = { key, accounts: this.derive(settings) };
    return this.memo.accounts;
  }

  private derive(settings: Settings): LayerAccountView[] {
    const { networks, endpoints } = settings;
    const one = <L extends LayerId>(layer: L) => layerModule(layer).account(this, resolvePreset(layer, networks[layer], endpoints));
    return LAYER_IDS.filter((l) => !settings.hiddenLayers.includes(l)).map(one);
  }
}
