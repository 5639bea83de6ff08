/**
 * Devnet-only funding: a plain transfer from the node's first unlocked dev account
 * (anvil and RSKj regtest both start with prefunded ones). A transfer rather than
 * anvil_setBalance, so the coins arrive the way real ones do and show up in the
 * activity as a receive.
 */
import { WalletError } from '../../shared/errors';
import type { RootstockRpc } from './rpc';
import { localText } from '../../shared/local-text';

export async function payFromDevAccount(rpc: RootstockRpc, to: string, wei: bigint): Promise<string> {
  const accounts = await rpc.call<unknown>('eth_accounts');
  const from = Array.isArray(accounts) ? accounts.find((a): a is string => typeof a === 'string' && /^0x[0-9a-fA-F]{40}$/.test(a)) : undefined;
  if (!from) {
    throw new WalletError('unsupported', localText('err_rsk_faucet_no_account', rpc.host), rpc.host);
  }
  const hash = await rpc.call<unknown>('eth_sendTransaction', [{ from, to: to.toLowerCase(), value: `0x${wei.toString(16)}` }]);
  if (typeof hash !== 'string' || !/^0x[0-9a-fA-F]{64}$/.test(hash)) {
    throw new WalletError('backend_error', localText('err_rsk_faucet_no_hash', rpc.host), rpc.host);
  }
  return hash.toLowerCase();
}
