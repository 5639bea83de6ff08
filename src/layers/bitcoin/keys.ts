/**
 * Bitcoin accounts: BIP84 (P2WPKH) at m/84'/1'/0' and BIP86 (P2TR) at m/86'/1'/0'.
 * Coin type 1 serves every test network; the preset's bech32 prefix decides the text.
 */
import * as ecc from '@bitcoinerlab/secp256k1';
import { address as btcAddress, crypto as btcCrypto, initEccLib, networks, payments, type Network } from 'bitcoinjs-lib';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import type { HDKey } from '@scure/bip32';
import type { BitcoinParams } from '../../shared/networks';
import { normalizeZ } from '@noble/curves/abstract/curve.js';
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToNumberBE, equalBytes } from '@noble/curves/utils.js';
import { baseMultiplyConstantTime } from '../curve/constant-time-multiply';
import { PublicChainNode } from '../curve/public-child-key';

// bitcoinjs-lib's own check of the library (a dozen tweaks and signatures) cost about 37 ms of every
// worker start; the library is bundled, so tests/unit/layers/bitcoin/ecc-library.test.ts runs that check instead.
initEccLib(ecc, { DANGER_DO_NOT_VERIFY_ECCLIB: true });

export type BitcoinScheme = 'p2wpkh' | 'p2tr';
export const SCHEMES: readonly BitcoinScheme[] = ['p2wpkh', 'p2tr'];
export type Chain = 0 | 1; // 0 receive, 1 change

export const BITCOIN_ACCOUNT_PATHS: Record<BitcoinScheme, string> = {
  p2wpkh: "m/84'/1'/0'",
  p2tr: "m/86'/1'/0'",
};

export function bitcoinNetwork(params: BitcoinParams): Network {
  return params.bech32 === 'bcrt' ? networks.regtest : networks.testnet;
}

/**
 * BIP86's output key: the internal key P (even y) plus H_TapTweak(P.x)·G, x-only. Throws
 * where BIP341 has no key (a tweak of n or more, or a sum at infinity), as bitcoinjs-lib does.
 */
export function taprootOutputKey(internal: InstanceType<typeof secp256k1.Point>): Uint8Array {
  return taprootOutputKeys([internal])[0]!;
}

/**
 * taprootOutputKey of each key, the sums' affine conversions sharing one field inversion
 * (normalizeZ): an inversion is about a third of an address's curve work. Keys given
 * with Z = 1 (normalized) are negated and read without one.
 */
function taprootOutputKeys(internals: InstanceType<typeof secp256k1.Point>[]): Uint8Array[] {
  const sums = internals.map((internal) => {
    const even = internal.toBytes(true)[0] === 2 ? internal : internal.negate();
    const t = bytesToNumberBE(btcCrypto.taggedHash('TapTweak', even.toBytes(true).subarray(1)));
    if (t >= secp256k1.Point.Fn.ORDER) throw new Error('could not tweak the Taproot key');
    const output = even.add(baseMultiplyConstantTime(t));
    if (output.equals(secp256k1.Point.ZERO)) throw new Error('could not tweak the Taproot key');
    return output;
  });
  return normalizeZ(secp256k1.Point, sums).map((output) => output.toBytes(true).subarray(1));
}

export interface OwnedAddress {
  scheme: BitcoinScheme;
  chain: Chain;
  index: number;
  address: string;
  /** scriptPubKey, hex */
  script: string;
  path: string;
  publicKey: Uint8Array;
}

/**
 * Derives the wallet's addresses, caching the four chain nodes so each address
 * costs one non-hardened derivation.
 */
export class BitcoinKeys {
  /** Private nodes by scheme (the account) and by scheme/chain; zeroed on wipe. */
  private readonly chains = new Map<string, HDKey>();
  private readonly publicChains = new Map<string, PublicChainNode>();
  /** Derived addresses: a refresh derives dozens, and Taproot tweaks are not cheap. */
  private readonly addresses = new Map<string, OwnedAddress>();
  readonly network: Network;

  constructor(
    private readonly root: HDKey,
    params: BitcoinParams,
  ) {
    this.network = bitcoinNetwork(params);
  }

  /** On lock: zeroes the cached chain nodes' private keys and forgets them. */
  wipe(): void {
    for (const node of this.chains.values()) node.wipePrivateData();
    this.chains.clear();
    this.publicChains.clear();
    this.addresses.clear();
  }

  /** The chain node's public half, its point decoded once, for the addresses. */
  private publicChain(scheme: BitcoinScheme, chain: Chain): PublicChainNode {
    const key = `${scheme}/${chain}`;
    let node = this.publicChains.get(key);
    if (!node) {
      const full = this.chainNode(scheme, chain);
      if (!full.publicKey || !full.chainCode) throw new Error('derivation produced no public key');
      node = new PublicChainNode(full.publicKey, full.chainCode);
      // Once per chain, against the libraries the signing side uses: an address we could not sign for is never shown.
      const first = full.deriveChild(0).publicKey!;
      const fast = node.childPoint(0);
      const agrees =
        equalBytes(fast.toBytes(true), first) &&
        (scheme === 'p2wpkh' || equalBytes(taprootOutputKey(fast), payments.p2tr({ internalPubkey: first.subarray(1), network: this.network }).pubkey!));
      if (!agrees) throw new Error('address derivation disagrees with the signing keys');
      this.publicChains.set(key, node);
    }
    return node;
  }

  /** The account node, then its chain: the two chains of a scheme share the account's three hardened steps. */
  private chainNode(scheme: BitcoinScheme, chain: Chain): HDKey {
    const key = `${scheme}/${chain}`;
    let node = this.chains.get(key);
    if (!node) {
      let account = this.chains.get(scheme);
      if (!account) this.chains.set(scheme, (account = this.root.derive(BITCOIN_ACCOUNT_PATHS[scheme])));
      node = account.deriveChild(chain);
      this.chains.set(key, node);
    }
    return node;
  }

  address(scheme: BitcoinScheme, chain: Chain, index: number): OwnedAddress {
    const key = `${scheme}/${chain}/${index}`;
    const known = this.addresses.get(key);
    if (known) return known;
    this.derive(scheme, chain, [index]);
    return this.addresses.get(key)!;
  }

  /**
   * Derives a chain's addresses at `indexes` at once, for `address` to find: what a scan's
   * walk asks for first, one at a time. Their points' affine conversions share field
   * inversions (derive), which one by one are about a third of the curve work.
   */
  prefetch(scheme: BitcoinScheme, chain: Chain, indexes: readonly number[]): void {
    const missing = indexes.filter((index) => !this.addresses.has(`${scheme}/${chain}/${index}`));
    if (missing.length) this.derive(scheme, chain, missing);
  }

  private derive(scheme: BitcoinScheme, chain: Chain, indexes: number[]): void {
    const node = this.publicChain(scheme, chain);
    const children = normalizeZ(
      secp256k1.Point,
      indexes.map((index) => node.childPoint(index)),
    );
    // Taproot's output key tweaked here, once, on the constant-time base table (bitcoinjs-lib's
    // p2tr tweaks with the generic multiply, and validating tweaks a second time to compare).
    const outputKeys = scheme === 'p2tr' ? taprootOutputKeys(children) : [];
    children.forEach((child, i) => {
      const index = indexes[i]!;
      const pub = child.toBytes(true);
      const payment =
        scheme === 'p2wpkh'
          ? payments.p2wpkh({ pubkey: pub, network: this.network })
          : payments.p2tr({ pubkey: outputKeys[i]!, network: this.network }, { validate: false });
      if (!payment.address || !payment.output) throw new Error('could not encode address');
      this.addresses.set(`${scheme}/${chain}/${index}`, {
        scheme,
        chain,
        index,
        address: payment.address,
        script: bytesToHex(payment.output),
        path: `${BITCOIN_ACCOUNT_PATHS[scheme]}/${chain}/${index}`,
        publicKey: pub,
      });
    });
  }

  /**
   * An address of this account known by its script alone (stored by an earlier worker),
   * to watch without deriving it: its public key is derived only if asked for (to
   * sign). Undefined when `script` is not a script of that scheme's shape.
   */
  watched(scheme: BitcoinScheme, chain: Chain, index: number, script: string): OwnedAddress | undefined {
    if (!(scheme === 'p2wpkh' ? /^0014[0-9a-f]{40}$/ : /^5120[0-9a-f]{64}$/).test(script)) return undefined;
    const known = this.addresses.get(`${scheme}/${chain}/${index}`);
    if (known) return known;
    const keys = this;
    return {
      scheme,
      chain,
      index,
      address: btcAddress.fromOutputScript(hexToBytes(script), this.network),
      script,
      path: `${BITCOIN_ACCOUNT_PATHS[scheme]}/${chain}/${index}`,
      get publicKey() {
        return keys.address(scheme, chain, index).publicKey;
      },
    };
  }

  /** The private key of an owned address (background only, for signing). */
  privateKey(owned: Pick<OwnedAddress, 'scheme' | 'chain' | 'index'>): Uint8Array {
    const key = this.chainNode(owned.scheme, owned.chain).deriveChild(owned.index).privateKey;
    if (!key) throw new Error('no private key');
    return key;
  }
}

export function bitcoinAddress(
  root: HDKey,
  params: BitcoinParams,
  scheme: BitcoinScheme,
  chain: Chain,
  index: number,
): { address: string; path: string; publicKey: Uint8Array } {
  return new BitcoinKeys(root, params).address(scheme, chain, index);
}
