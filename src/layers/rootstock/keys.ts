import type { HDKey } from '@scure/bip32';
import type { RootstockParams } from '../../shared/networks';
import { addressFromPublicKey, toChecksumAddress } from './address';

/** Rootstock's registered testnet coin type (SLIP-44 37310), as in RSK's own wallets. */
export const ROOTSTOCK_ACCOUNT_PATH = "m/44'/37310'/0'/0";

export function rootstockAddress(root: HDKey, params: RootstockParams, index = 0): { address: string; path: string } {
  const path = `${ROOTSTOCK_ACCOUNT_PATH}/${index}`;
  const pub = root.derive(path).publicKey;
  if (!pub) throw new Error('derivation produced no public key');
  return { address: toChecksumAddress(addressFromPublicKey(pub), params.chainId), path };
}
