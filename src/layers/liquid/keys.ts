/**
 * Liquid account: BIP84-style P2WPKH at m/84'/1'/0' and SLIP-77 blinding keys, so
 * the same phrase shows the same confidential addresses as other SLIP-77 wallets.
 */
import { bech32 } from '@scure/base';
import { hmac } from '@noble/hashes/hmac.js';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { ripemd160 } from '@noble/hashes/legacy.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { equalBytes } from '@noble/curves/utils.js';
import { HDKey } from '@scure/bip32';
import type { LiquidParams } from '../../shared/networks';
import { publicKeyConstantTime } from '../curve/constant-time-multiply';
import { PublicChainNode } from '../curve/public-child-key';
import { blech32Encode } from './blech32';

export const LIQUID_ACCOUNT_PATH = "m/84'/1'/0'";
const enc = new TextEncoder();

/** SLIP-77 master blinding key: SLIP-21 node for label "SLIP-0077", right half. */
export function slip77MasterBlindingKey(seed: Uint8Array): Uint8Array {
  const root = hmac(sha512, enc.encode('Symmetric key seed'), seed);
  const node = hmac(sha512, root.slice(0, 32), new Uint8Array([0, ...enc.encode('SLIP-0077')]));
  return node.slice(32, 64);
}

export function blindingPrivateKey(masterBlindingKey: Uint8Array, scriptPubKey: Uint8Array): Uint8Array {
  return hmac(sha256, masterBlindingKey, scriptPubKey);
}

let blindingTableChecked = false;

/** secp256k1.getPublicKey(key, true), on the faster constant-time base table (the blinding key is secret). */
export function blindingPublicKey(privateKey: Uint8Array): Uint8Array {
  const key = publicKeyConstantTime(privateKey);
  // Once per worker, against noble's: an address with a wrong blinding key has senders blind coins to a key we cannot open.
  if (!blindingTableChecked) {
    if (!equalBytes(key, secp256k1.getPublicKey(privateKey, true))) throw new Error('blinding key derivation disagrees with noble');
    blindingTableChecked = true;
  }
  return key;
}

export function p2wpkhScript(pubkey: Uint8Array): Uint8Array {
  return new Uint8Array([0x00, 0x14, ...ripemd160(sha256(pubkey))]);
}

export interface LiquidAddress {
  confidential: string;
  unconfidential: string;
  path: string;
}

export function liquidAddress(
  root: HDKey,
  masterBlindingKey: Uint8Array,
  params: LiquidParams,
  chain: 0 | 1,
  index: number,
): LiquidAddress {
  return liquidAddressAt(liquidAccountKey(root), masterBlindingKey, params, chain, index);
}

/** The account node m/84'/1'/0'; derive it once and walk its chains with liquidAddressAt. */
export function liquidAccountKey(root: HDKey): HDKey {
  return root.derive(LIQUID_ACCOUNT_PATH);
}

export interface LiquidWalletAddress extends LiquidAddress {
  chain: 0 | 1;
  index: number;
  /** P2WPKH scriptPubKey. */
  script: Uint8Array;
  publicKey: Uint8Array;
  blindingPublicKey: Uint8Array;
}

/**
 * Every refresh walks the same 40-60 addresses, and each costs a child key and a
 * blinding public key, two multiplications on the base table: derived addresses
 * (public data) are kept per account node and master blinding key object, and
 * the chain nodes are kept public-only so no private key outlives a wipe.
 */
const chainNodes = new WeakMap<HDKey, Map<0 | 1, PublicChainNode>>();
const addressMemo = new WeakMap<HDKey, WeakMap<Uint8Array, Map<string, LiquidWalletAddress>>>();
const MAX_MEMO = 4000;

function publicChainNode(account: HDKey, chain: 0 | 1): PublicChainNode {
  let nodes = chainNodes.get(account);
  if (!nodes) chainNodes.set(account, (nodes = new Map()));
  let node = nodes.get(chain);
  if (!node) {
    const child = account.deriveChild(chain);
    if (!child.publicKey || !child.chainCode) throw new Error('derivation produced no public key');
    node = new PublicChainNode(child.publicKey, child.chainCode);
    // Once per chain, against the library the signing side uses (liquidPrivateKey): an address we could not sign for is never shown.
    if (!equalBytes(node.childKey(0), child.deriveChild(0).publicKey!)) throw new Error('address derivation disagrees with the signing keys');
    nodes.set(chain, node);
  }
  return node;
}

export function liquidAddressAt(
  account: HDKey,
  masterBlindingKey: Uint8Array,
  params: LiquidParams,
  chain: 0 | 1,
  index: number,
): LiquidWalletAddress {
  let byKey = addressMemo.get(account);
  if (!byKey) addressMemo.set(account, (byKey = new WeakMap()));
  let memo = byKey.get(masterBlindingKey);
  if (!memo) byKey.set(masterBlindingKey, (memo = new Map()));
  const id = `${params.blech32}|${params.bech32}|${chain}|${index}`;
  const known = memo.get(id);
  if (known) return known;
  const pub = publicChainNode(account, chain).childKey(index);
  const script = p2wpkhScript(pub);
  const program = script.slice(2);
  const blindingPub = blindingPublicKey(blindingPrivateKey(masterBlindingKey, script));
  const address: LiquidWalletAddress = {
    confidential: blech32Encode(params.blech32, 0, new Uint8Array([...blindingPub, ...program])),
    unconfidential: unconfidentialAddress(params, script),
    path: `${LIQUID_ACCOUNT_PATH}/${chain}/${index}`,
    chain,
    index,
    script,
    publicKey: pub,
    blindingPublicKey: blindingPub,
  };
  if (memo.size >= MAX_MEMO) memo.clear();
  memo.set(id, address);
  return address;
}

/** The `ert1…`/`tex1…` form of a P2WPKH script: no key work, only its encoding. */
export function unconfidentialAddress(params: LiquidParams, script: Uint8Array): string {
  return bech32.encode(params.bech32, [0, ...bech32.toWords(script.slice(2))]);
}

/** The signing key of one wallet address. Background only. */
export function liquidPrivateKey(account: HDKey, chain: 0 | 1, index: number): Uint8Array {
  const key = account.deriveChild(chain).deriveChild(index).privateKey;
  if (!key) throw new Error('derivation produced no private key');
  return key;
}
