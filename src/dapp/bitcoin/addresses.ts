/**
 * The addresses a connected site sees, as Sats Connect's `Address`: the account's
 * first receive address of each kind (BIP84 payment, BIP86 "ordinals"/Taproot),
 * with its public key (compressed for P2WPKH, the x-only internal key for P2TR, as
 * Xverse gives them).
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import type { BitcoinKeys, OwnedAddress } from '../../layers/bitcoin/keys';
import type { Purpose } from './params';

export interface SatsAddress {
  address: string;
  publicKey: string;
  purpose: Purpose;
  addressType: 'p2wpkh' | 'p2tr';
  walletType: 'software';
}

export function accountAddress(keys: BitcoinKeys, purpose: Purpose): OwnedAddress {
  return keys.address(purpose === 'payment' ? 'p2wpkh' : 'p2tr', 0, 0);
}

export function satsAddress(keys: BitcoinKeys, purpose: Purpose): SatsAddress {
  const owned = accountAddress(keys, purpose);
  const publicKey = owned.scheme === 'p2tr' ? owned.publicKey.slice(1, 33) : owned.publicKey;
  return { address: owned.address, publicKey: bytesToHex(publicKey), purpose, addressType: owned.scheme, walletType: 'software' };
}
