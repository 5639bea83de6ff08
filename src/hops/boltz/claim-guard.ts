/**
 * What must hold before the wallet claims a lockup of Boltz's, since a claim
 * hands over the preimage (in the cooperative request, and on chain): the claim
 * path runs these itself on every attempt, whatever path made the record, so a
 * record that was never checked (or was stored by a path that skipped a check)
 * can never get a preimage revealed.
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import { WalletError } from '../../shared/errors';
import type { HopKey } from '../keys';
import type { HopContext } from '../mechanism';
import type { HopRecord } from '../types';
import { utxoChain } from './chains';
import { dataOf, type SideData } from './record';
import { checkUtxoLockup, publicKeyFrom } from './verify';

function refused(why: string): WalletError {
  return new WalletError('backend_error', `The wallet does not claim this lockup and keeps the preimage secret: ${why}`);
}

/**
 * The side is ours to claim with this hop's key: the record's preimage hash is our
 * preimage's, and on Bitcoin or Liquid the tree rebuilt from our key, Boltz's key,
 * that hash and the timeout is the stored one, whose output is the lockup address.
 * (Rootstock sides are held to the pinned EtherSwap and to a lock naming exactly
 * our values, by the claim itself.)
 */
export function checkClaimable(ctx: HopContext, r: HopRecord, s: SideData, key: HopKey): void {
  if (dataOf(r).preimageHash !== bytesToHex(key.preimageHash)) throw refused("the hop's preimage hash is not the hash of its key's preimage.");
  if (s.currency === 'RBTC') return;
  try {
    checkUtxoLockup({
      shape: 'reverse',
      net: utxoChain(ctx, s.currency).net,
      tree: s.tree,
      address: s.address,
      blindingKey: s.blindingKey,
      ourPublicKey: key.publicKey,
      boltzPublicKey: publicKeyFrom(s.boltzPublicKey, "Boltz's key"),
      weClaim: true,
      preimageHash: key.preimageHash,
      timeoutBlockHeight: s.timeoutBlockHeight,
    });
  } catch (err) {
    throw refused(err instanceof Error ? err.message : 'its lockup does not check out.');
  }
}
