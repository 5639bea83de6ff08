/**
 * A side of a swap as Boltz's create answer describes it (a reverse swap's lockup,
 * either side of a chain swap), checked before anything moves and turned into the
 * side our record keeps.
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import { WalletError } from '../../shared/errors';
import type { HopKey } from '../keys';
import type { HopContext } from '../mechanism';
import type { ChainSwapData } from './api';
import { RskChain, utxoChain } from './chains';
import { checkNamedEtherSwap } from './etherswap-pin';
import type { BoltzCurrency, SideData } from './shapes';
import { checkEvmAddress, checkTimeout, checkUtxoLockup, publicKeyFrom } from './verify';
import { localText } from '../../shared/local-text';

/** One side: ours to lock (Boltz claims) or ours to claim (`weClaim`: Boltz refunds). */
export async function verifiedSide(ctx: HopContext, currency: BoltzCurrency, s: ChainSwapData | undefined, key: HopKey, weClaim: boolean): Promise<SideData> {
  if (!s) throw new WalletError('backend_error', localText('err_boltz_chain_sides'));
  if (currency === 'RBTC') {
    // EVM side: the pinned EtherSwap (our node was checked to hold it) and a timeout in bounds.
    const contract = checkNamedEtherSwap(ctx, s.lockupAddress);
    checkTimeout('RBTC', s.timeoutBlockHeight, await new RskChain(ctx).tip());
    return {
      currency: 'RBTC',
      address: contract,
      amount: String(s.amount),
      timeoutBlockHeight: s.timeoutBlockHeight,
      // Our lock names Boltz's claim address; our claim names Boltz's refund address.
      counterpartyAddress: checkEvmAddress(weClaim ? localText('hopText_boltzWhat_refund_address') : localText('hopText_boltzWhat_claim_address'), weClaim ? s.refundAddress : s.claimAddress),
    };
  }
  const chain = utxoChain(ctx, currency);
  const boltzKey = publicKeyFrom(s.serverPublicKey, weClaim ? localText('hopText_boltzWhat_refund_key') : localText('hopText_boltzWhat_claim_key'));
  checkTimeout(currency, s.timeoutBlockHeight, await chain.tip());
  // Reverse swaps and both sides of a chain swap use Boltz's "reverse" tree; the claimer differs.
  checkUtxoLockup({
    shape: 'reverse',
    net: chain.net,
    tree: s.swapTree,
    address: s.lockupAddress,
    blindingKey: s.blindingKey,
    ourPublicKey: key.publicKey,
    boltzPublicKey: boltzKey,
    weClaim,
    preimageHash: key.preimageHash,
    timeoutBlockHeight: s.timeoutBlockHeight,
  });
  return {
    currency,
    address: s.lockupAddress,
    amount: String(s.amount),
    timeoutBlockHeight: s.timeoutBlockHeight,
    tree: s.swapTree,
    boltzPublicKey: bytesToHex(boltzKey),
    ...(s.blindingKey ? { blindingKey: s.blindingKey } : {}),
    // Our claim of this side, or our refund of it, pays out here.
    payoutAddress: await chain.payoutAddress(),
  };
}
