/**
 * What must hold before the wallet claims a lockup of Boltz's, since a claim
 * hands over the preimage (in the cooperative request, and on chain): the claim
 * path runs these itself on every attempt, whatever path made the record, so a
 * record that was never checked (or was stored by a path that skipped a check)
 * can never get a preimage revealed. And it claims only when the lockup can no
 * longer be taken back: confirmed on our own backend (or small enough to risk),
 * with enough blocks left before Boltz may refund it.
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import { WalletError } from '../../shared/errors';
import { localText, type LocalText } from '../../shared/local-text';
import type { HopKey } from '../keys';
import type { HopContext } from '../mechanism';
import type { HopRecord } from '../types';
import { utxoChain } from './chains';
import { dataOf } from './record';
import type { SideData } from './shapes';
import { causeOf, CLAIM_MARGIN, checkUtxoLockup, publicKeyFrom } from './verify';

function refused(why: string | LocalText): WalletError {
  return new WalletError('backend_error', localText('err_boltz_claim_refused', why));
}

/**
 * The side is ours to claim with this hop's key: the record's preimage hash is our
 * preimage's, and on Bitcoin or Liquid the tree rebuilt from our key, Boltz's key,
 * that hash and the timeout is the stored one, whose output is the lockup address.
 * (Rootstock sides are held to the pinned EtherSwap and to a lock naming exactly
 * our values, by the claim itself.)
 */
export function checkClaimable(ctx: HopContext, r: HopRecord, s: SideData, key: HopKey): void {
  if (dataOf(r).preimageHash !== bytesToHex(key.preimageHash)) throw refused(localText('hopText_claim_hash_not_key'));
  const low = belowFloor(s);
  if (low) throw refused(low);
  if (s.currency === 'RBTC') return;
  try {
    checkUtxoLockup({
      shape: 'reverse',
      net: utxoChain(ctx, s.currency).net,
      tree: s.tree,
      address: s.address,
      blindingKey: s.blindingKey,
      ourPublicKey: key.publicKey,
      boltzPublicKey: publicKeyFrom(s.boltzPublicKey, localText('hopText_boltzWhat_boltz_key')),
      weClaim: true,
      preimageHash: key.preimageHash,
      timeoutBlockHeight: s.timeoutBlockHeight,
    });
  } catch (err) {
    throw refused(causeOf(err, localText('hopText_claim_lockup_bad')));
  }
}

/**
 * Why a restored swap's lockup of Boltz's may not be claimed: it holds less than
 * what we paid or locked less Boltz's fees at most (`minSats`, see restoreFloor).
 * Null when it holds enough, or the side has no such floor (a swap made here).
 */
export function belowFloor(s: SideData): LocalText | null {
  if (!s.minSats || BigInt(s.amount) >= BigInt(s.minSats)) return null;
  return localText('hopText_claim_below_floor', sats(BigInt(s.amount)), sats(BigInt(s.minSats)));
}

/** Whether to claim now, and which rule applies (for the claim step). */
export interface ClaimGate {
  note: LocalText;
  /** Not yet: the lockup needs a confirmation first. */
  wait?: boolean;
  /** Not while this holds (too close to the timeout): for the hop's lastError. */
  refused?: LocalText;
}

/** The most of an unconfirmed lockup the preset lets the wallet claim, in sats (pin `zeroConfMaxSats`; none: 0). */
export function zeroConfLimit(ctx: HopContext, currency: 'BTC' | 'L-BTC'): bigint {
  const pin = (currency === 'BTC' ? ctx.presets.bitcoin : ctx.presets.liquid).pins?.zeroConfMaxSats;
  return pin && /^[0-9]{1,16}$/.test(pin) ? BigInt(pin) : 0n;
}

const sats = (v: bigint) => v.toLocaleString('en-US');

/**
 * Boltz's lockup, as our own Esplora or node shows it (`tip` from there too), may
 * be claimed: enough blocks left before its timeout (CLAIM_MARGIN), and, on
 * Bitcoin and Liquid, confirmed unless it is within the unconfirmed-claim limit.
 * An unconfirmed lockup can be replaced by its maker (full RBF) after the
 * preimage is out, so above the limit the claim waits for one confirmation.
 * Rootstock lockups are read from the latest block, so they are in one already.
 */
export function claimGate(ctx: HopContext, r: HopRecord, s: SideData, lockup: { value: bigint; confirmed: boolean }, tip: number): ClaimGate {
  const left = s.timeoutBlockHeight - tip;
  const margin = CLAIM_MARGIN[s.currency];
  if (left < margin) {
    const after = dataOf(r).kind === 'reverse' ? localText('hopText_claim_after_reverse') : localText('hopText_claim_after_chain');
    const when = left > 0 ? localText('hopText_blocks_away', String(left)) : localText('hopText_now');
    return {
      note: localText('hopNote_claim_too_late', String(s.timeoutBlockHeight)),
      refused: localText('err_boltz_claim_too_late', String(s.timeoutBlockHeight), when, String(margin), after),
    };
  }
  if (s.currency === 'RBTC') return { note: localText('hopNote_claim_rbtc_in_block') };
  const limit = zeroConfLimit(ctx, s.currency);
  const rule = localText(lockup.value > limit ? 'hopText_zeroconf_above' : 'hopText_zeroconf_within', sats(lockup.value), sats(limit));
  if (lockup.confirmed) return { note: lockup.value > limit ? localText('hopNote_claim_confirmed_rule', rule) : localText('hopNote_claim_confirmed') };
  if (lockup.value > limit) return { wait: true, note: localText('hopNote_claim_wait_confirmation', rule) };
  return { note: localText('hopNote_claim_unconfirmed', rule) };
}
