/**
 * The signers' current aggregate key, read from the sbtc-registry contract
 * through the Stacks API's read-only call endpoint (what the sbtc package's
 * `fetchSignersPublicKey` does). Deposits are locked to it.
 */
import { hexToBytes } from '@noble/hashes/utils.js';
import { deserializeCV } from '@stacks/transactions';
import { WalletError } from '../../shared/errors';
import type { HttpClient } from '../../shared/http';

interface ReadOnlyReply {
  okay: boolean;
  result?: string;
  cause?: string;
}

/** Returns the 33-byte compressed key the registry holds. */
export async function signersPublicKey(stacksApi: HttpClient, deployer: string, sender: string): Promise<Uint8Array> {
  const reply = await stacksApi.postJson<ReadOnlyReply>(`/v2/contracts/call-read/${deployer}/sbtc-registry/get-current-aggregate-pubkey`, {
    sender,
    arguments: [],
  });
  if (!reply.okay || !reply.result) {
    throw new WalletError('backend_error', `The sBTC registry did not give the signers' key${reply.cause ? `: ${reply.cause}` : ''}.`);
  }
  const cv = deserializeCV(reply.result);
  if (cv.type !== 'buffer') throw new WalletError('backend_error', 'The sBTC registry answered something other than a key.');
  const key = hexToBytes(cv.value);
  if (key.length !== 33 || (key[0] !== 2 && key[0] !== 3)) throw new WalletError('backend_error', 'The sBTC registry answered a malformed key.');
  return key;
}
