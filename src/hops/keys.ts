/**
 * Per-hop keys and preimages, derived from the wallet seed so a restore from the
 * recovery phrase can always claim or refund.
 *
 * Following Boltz's swap-restore recommendation, swap keys live in their own
 * tree: a BIP85 child mnemonic (application 39', English, 12 words, index
 * 26589' — "BOLTZ" on a phone keypad) whose seed gives keys at m/44/0/0/0/{index}
 * and preimages sha256(privateKey). That child mnemonic is a "Boltz rescue key"
 * Boltz's own tools accept. /v2/swap/restore takes the xpub of its master node and
 * derives xpub/44/0/0/0/i below it (boltz-backend boltzr/src/service/pubkey_iterator.rs;
 * Boltz's web app sends the same, boltz-web-app src/utils/rescueFile.ts). It never
 * collides with the wallet's own accounts.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { bytesToHex, concatBytes } from '@noble/hashes/utils.js';
import { HDKey } from '@scure/bip32';
import { entropyToMnemonic, mnemonicToSeedSync, mnemonicToSeedWebcrypto } from '@scure/bip39';
import { wordlist } from '@scure/bip39/wordlists/english.js';
import { WalletError } from '../shared/errors';
import { localText } from '../shared/local-text';

export const BIP85_RESCUE_PATH = "m/83696968'/39'/0'/12'/26589'";
export const SWAP_ACCOUNT_PATH = 'm/44/0/0/0';

/** BIP85: entropy = HMAC-SHA512(key="bip-entropy-from-k", msg=k) of the private key at `path` (64 bytes). */
export function bip85Entropy(root: HDKey, path: string): Uint8Array {
  const node = root.derive(path);
  const k = node.privateKey;
  if (!k) throw new Error('BIP85 derivation needs a private key');
  const entropy = hmac(sha512, new TextEncoder().encode('bip-entropy-from-k'), k);
  // Zero the intermediate node's copy (derive('m') would be the root itself: leave that one).
  if (node !== root) node.wipePrivateData();
  return entropy;
}

export function bip85Mnemonic(root: HDKey, path = BIP85_RESCUE_PATH): string {
  return entropyToMnemonic(bip85Entropy(root, path).slice(0, 16), wordlist);
}

export interface HopKey {
  index: number;
  privateKey: Uint8Array;
  /** Compressed secp256k1 public key. */
  publicKey: Uint8Array;
  preimage: Uint8Array;
  preimageHash: Uint8Array;
}

/** The rescue phrase and its BIP39 seed, derived already (HopKeys.create). */
export interface RescueSeed {
  rescueMnemonic: string;
  seed: Uint8Array;
}

/** The hop key tree; build once per unlocked session (the child seed costs a PBKDF2). */
export class HopKeys {
  /** Emptied by wipe(). */
  rescueMnemonic: string;
  /** The rescue key's master xpub: what Boltz's /v2/swap/restore matches swaps against. */
  readonly xpub: string;
  private readonly account: HDKey;

  /**
   * The tree of `root`, the child seed's 2,048 PBKDF2 rounds in WebCrypto: @scure/bip39's
   * synchronous seed runs them in JavaScript, about 25 ms of the worker's thread against 3.
   */
  static async create(root: HDKey): Promise<HopKeys> {
    const rescueMnemonic = bip85Mnemonic(root);
    return new HopKeys({ rescueMnemonic, seed: await mnemonicToSeedWebcrypto(rescueMnemonic) });
  }

  /** From the wallet's root (`seedOf` gives the rescue phrase's BIP39 seed), or from the rescue phrase and seed derived already. */
  constructor(source: HDKey | RescueSeed, seedOf: (rescueMnemonic: string) => Uint8Array = mnemonicToSeedSync) {
    const given = 'rescueMnemonic' in source ? source : null;
    this.rescueMnemonic = given ? given.rescueMnemonic : bip85Mnemonic(source as HDKey);
    const seed = given ? given.seed : seedOf(this.rescueMnemonic);
    let master: HDKey;
    try {
      master = HDKey.fromMasterSeed(seed);
    } finally {
      seed.fill(0);
    }
    this.xpub = master.publicExtendedKey;
    this.account = master.derive(SWAP_ACCOUNT_PATH);
    master.wipePrivateData();
  }

  /** On lock: zeroes the swap account's private key; at() then throws instead of deriving. */
  wipe(): void {
    this.account.wipePrivateData();
    this.rescueMnemonic = '';
  }

  at(index: number): HopKey {
    if (!this.rescueMnemonic) throw new WalletError('locked', localText('err_locked_during_move'));
    const node = this.account.deriveChild(index);
    if (!node.privateKey || !node.publicKey) throw new Error('no key at that index');
    const preimage = sha256(node.privateKey);
    return { index, privateKey: node.privateKey, publicKey: node.publicKey, preimage, preimageHash: sha256(preimage) };
  }

  /**
   * at(index).preimageHash without the child's public key, whose point multiplication is
   * most of at()'s cost (a restore matches preimage hashes against up to a thousand
   * indexes): BIP32's private child of a non-hardened index is the account's private key
   * plus the first half of HMAC-SHA512(chain code, public key || index), mod n.
   */
  preimageHashAt(index: number): Uint8Array {
    if (!this.rescueMnemonic) throw new WalletError('locked', localText('err_locked_during_move'));
    const { privateKey, publicKey, chainCode } = this.account;
    if (!Number.isInteger(index) || index < 0 || index >= 2 ** 31 || !privateKey || !publicKey || !chainCode) return this.at(index).preimageHash;
    const Fn = secp256k1.Point.Fn;
    const i = new Uint8Array(4);
    new DataView(i.buffer).setUint32(0, index);
    const tweak = Fn.fromBytes(hmac(sha512, chainCode, concatBytes(publicKey, i)).slice(0, 32), true);
    const child = Fn.isValid(tweak) ? Fn.create(Fn.fromBytes(privateKey) + tweak) : 0n;
    // An index BIP32 skips (about one in 2^127): at() follows @scure/bip32 there.
    if (!Fn.isValidNot0(child)) return this.at(index).preimageHash;
    return sha256(sha256(Fn.toBytes(child)));
  }

  /** Finds the index whose public key is `publicKey` (restore after the local records are lost). */
  findIndex(publicKey: Uint8Array, limit = 1000): number | null {
    const hex = bytesToHex(publicKey);
    for (let i = 0; i < limit; i++) if (bytesToHex(this.account.deriveChild(i).publicKey!) === hex) return i;
    return null;
  }
}
