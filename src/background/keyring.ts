/**
 * Seed -> the public account of every layer. Private keys stay inside the HDKey
 * tree held here in the background; what leaves is LayerAccountView (public data).
 */
import { HDKey } from '@scure/bip32';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { LayerAccountView } from '../shared/accounts';
import { resolvePreset } from '../shared/networks';
import type { Settings } from '../shared/settings';
import { bitcoinAddress } from '../layers/bitcoin/keys';
import { hashingKey, LNURL_AUTH_HASHING_PATH } from '../layers/lightning/lnurl-auth-keys';
import { liquidAddress, slip77MasterBlindingKey } from '../layers/liquid/keys';
import { rootstockAddress } from '../layers/rootstock/keys';
import { stacksAddress } from '../layers/stacks/keys';

export class Keyring {
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

  /** First receive address (or identity) of every layer on the networks the settings select. */
  accounts(settings: Settings): LayerAccountView[] {
    const key = JSON.stringify(settings.networks);
    if (this.memo?.key !== key) this.memo = { key, accounts: this.derive(settings) };
    return this.memo.accounts;
  }

  private derive(settings: Settings): LayerAccountView[] {
    const { networks, endpoints } = settings;
    const btc = resolvePreset('bitcoin', networks.bitcoin, endpoints);
    const ln = resolvePreset('lightning', networks.lightning, endpoints);
    const stx = resolvePreset('stacks', networks.stacks, endpoints);
    const lq = resolvePreset('liquid', networks.liquid, endpoints);
    const rsk = resolvePreset('rootstock', networks.rootstock, endpoints);

    const segwit = bitcoinAddress(this.root, btc.params, 'p2wpkh', 0, 0);
    const taproot = bitcoinAddress(this.root, btc.params, 'p2tr', 0, 0);
    const stacks = stacksAddress(this.root, stx.params);
    const liquid = liquidAddress(this.root, this.masterBlindingKey, lq.params, 0, 0);
    const rootstock = rootstockAddress(this.root, rsk.params);
    const lnIdentity = hashingKey(this.root).publicKey;
    if (!lnIdentity) throw new Error('no LNURL-auth key');

    return [
      {
        layer: 'bitcoin',
        network: btc.id,
        networkLabel: btc.label,
        kind: 'address',
        value: segwit.address,
        path: segwit.path,
        alternates: [{ label: 'Taproot', value: taproot.address }],
      },
      {
        layer: 'lightning',
        network: ln.id,
        networkLabel: ln.label,
        kind: 'identity',
        value: bytesToHex(lnIdentity),
        path: LNURL_AUTH_HASHING_PATH,
        alternates: [],
      },
      {
        layer: 'stacks',
        network: stx.id,
        networkLabel: stx.label,
        kind: 'address',
        value: stacks.address,
        path: stacks.path,
        alternates: [],
      },
      {
        layer: 'liquid',
        network: lq.id,
        networkLabel: lq.label,
        kind: 'address',
        value: liquid.confidential,
        path: liquid.path,
        alternates: [{ label: 'Unconfidential', value: liquid.unconfidential }],
      },
      {
        layer: 'rootstock',
        network: rsk.id,
        networkLabel: rsk.label,
        kind: 'address',
        value: rootstock.address,
        path: rootstock.path,
        alternates: [],
      },
    ];
  }
}
