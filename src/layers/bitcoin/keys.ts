/**
 * Bitcoin accounts: BIP84 (P2WPKH) at m/84'/1'/0' and BIP86 (P2TR) at m/86'/1'/0'.
 * Coin type 1 serves every test network; the preset's bech32 prefix decides the text.
 */
import * as ecc from '@bitcoinerlab/secp256k1';
import { initEccLib, networks, payments, type Network } from 'bitcoinjs-lib';
import type { HDKey } from '@scure/bip32';
import type { BitcoinParams } from '../../shared/networks';

initEccLib(ecc);

export type BitcoinScheme = 'p2wpkh' | 'p2tr';
export const BITCOIN_ACCOUNT_PATHS: Record<BitcoinScheme, string> = {
  p2wpkh: "m/84'/1'/0'",
  p2tr: "m/86'/1'/0'",
};

export function bitcoinNetwork(params: BitcoinParams): Network {
  return params.bech32 === 'bcrt' ? networks.regtest : networks.testnet;
}

export function bitcoinAddress(
  root: HDKey,
  params: BitcoinParams,
  scheme: BitcoinScheme,
  chain: 0 | 1,
  index: number,
): { address: string; path: string; publicKey: Uint8Array } {
  const path = `${BITCOIN_ACCOUNT_PATHS[scheme]}/${chain}/${index}`;
  const pub = root.derive(path).publicKey;
  if (!pub) throw new Error('derivation produced no public key');
  const network = bitcoinNetwork(params);
  const payment =
    scheme === 'p2wpkh'
      ? payments.p2wpkh({ pubkey: pub, network })
      : payments.p2tr({ internalPubkey: pub.slice(1, 33), network });
  if (!payment.address) throw new Error('could not encode address');
  return { address: payment.address, path, publicKey: pub };
}
