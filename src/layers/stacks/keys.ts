import type { HDKey } from '@scure/bip32';
import { bytesToHex } from '@noble/hashes/utils.js';
import { getAddressFromPublicKey } from '@stacks/transactions';
import type { StacksParams } from '../../shared/networks';
import { accountPublicKey } from '../module-parts';

/** The path Leather and Xverse use, so the same phrase shows the same Stacks address. */
export const STACKS_ACCOUNT_PATH = "m/44'/5757'/0'/0";

export function stacksAddress(root: HDKey, params: StacksParams, index = 0): { address: string; path: string } {
  const { publicKey, path } = accountPublicKey(root, STACKS_ACCOUNT_PATH, index);
  return { address: getAddressFromPublicKey(bytesToHex(publicKey), params.addressVersion), path };
}
