import type { HDKey } from '@scure/bip32';
import type { RootstockParams } from '../../shared/networks';
import { addressFromPublicKey, toChecksumAddress } from './address';
import { accountPublicKey } from '../module-parts';

/** Rootstock's registered testnet coin type (SLIP-44 37310), as in RSK's own wallets. */
export const ROOTSTOCK_ACCOUNT_PATH = "m/44'/37310'/0'/0";

export function rootstockAddress(root: HDKey, params: RootstockParams, index = 0): { address: string; path: string } {
  const { publicKey, path } = accountPublicKey(root, ROOTSTOCK_ACCOUNT_PATH, index);
  return { address: toChecksumAddress(addressFromPublicKey(publicKey), params.chainId), path };
}
