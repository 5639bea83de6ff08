/**
 * What the wallet itself pays in a Boltz swap, as its own sides will build it:
 * funding our lockup (paid besides what is locked) and claiming Boltz's lockup
 * (on Bitcoin and Liquid out of the lockup; on Rootstock gas from the account).
 * Boltz's pair lists carry its own guesses for these (`minerFees.claim`,
 * `minerFees.user.lockup`), but the wallet signs at its own fee rate, so a quote
 * built on Boltz's figures overstates what arrives. One read of each fee rate per
 * quote; nothing here depends on the output's amount beyond the wallet's coin choice.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { feeForWeight } from '../../layers/bitcoin/fee-rate';
import { INPUT_WEIGHT, outputWeight, TX_OVERHEAD_WEIGHT } from '../../layers/bitcoin/script-types';
import { discountVsize, feeFor } from '../../layers/liquid/plan';
import { scriptToAddress } from '../../layers/liquid/address';
import { outputAddress } from '../../layers/bitcoin/address';
import { bitcoinNetwork } from '../../layers/bitcoin/keys';
import { RootstockRpc } from '../../layers/rootstock/rpc';
import { gasPrices } from '../../layers/rootstock/gas';
import { WalletError } from '../../shared/errors';
import type { HopContext } from '../mechanism';
import type { AssetRef } from '../types';
import { keyPathClaimFee } from './btc-spend';
import { BtcChain, LiquidChain } from './chains';
import { sweepFee } from './liquid-spend';
import { p2trScript } from './taproot';
import { localText } from '../../shared/local-text';

/**
 * Gas EtherSwap (boltz-core 4.0.1) charges for our calls, measured on the devnet's anvil
 * (lock 47,585, claim 32,424; tests/integration/hops/boltz/quote-fees.test.ts) and rounded up
 * past what zero calldata bytes save (12 gas each), so the quote is never below what is charged.
 * The claim's gas comes from the account, not from the amount, and any unused part of a call's
 * gas limit is not charged.
 */
export const ETHERSWAP_GAS = { lock: 48_000n, claim: 33_000n } as const;

/** A P2WPKH payout of ours: the script the claim pays to (22 bytes). */
const P2WPKH_SCRIPT_LENGTH = 22;

/** The lockup output's script: Taproot (34 bytes), under a key no one holds; only its size matters. */
const LOCKUP_SCRIPT = p2trScript(secp256k1.Point.BASE.toBytes(true).slice(1));

/** One coin of ours in, the lockup and a change output out: the funding when the wallet cannot plan it yet (Liquid adds its fee output). */
const ONE_COIN_LOCKUP_WEIGHT = TX_OVERHEAD_WEIGHT + INPUT_WEIGHT.p2wpkh + outputWeight(LOCKUP_SCRIPT.length) + outputWeight(P2WPKH_SCRIPT_LENGTH);

export interface OurFees {
  /** Funding our lockup, in the `from` asset's smallest unit (paid besides what is locked); absent when we lock nothing on chain. */
  lockup?: bigint;
  /** Our claim of Boltz's lockup, in the `to` asset's smallest unit; absent when Boltz pays us over Lightning. */
  claim?: bigint;
}

const unfunded = (err: unknown) => err instanceof WalletError && err.code === 'insufficient_funds';

/** Our claim's fee at the rate the claim will be signed with now (utxo-sides.ts, sides.ts claimRbtc). */
async function claimFee(ctx: HopContext, to: AssetRef): Promise<bigint | undefined> {
  if (to.layer === 'bitcoin') return keyPathClaimFee(await new BtcChain(ctx).feeRate());
  if (to.layer === 'liquid') return sweepFee(await new LiquidChain(ctx).feeRate());
  if (to.layer === 'rootstock') return ETHERSWAP_GAS.claim * (await rskGasPrice(ctx));
  return undefined;
}

/** Funding our lockup of `amount` as the layer's wallet will pay it (BtcChain.fund, LiquidChain.fund, fundRbtc). */
async function lockupFee(ctx: HopContext, from: AssetRef, amount: bigint): Promise<bigint | undefined> {
  if (from.layer === 'bitcoin') {
    const side = await ctx.side('bitcoin');
    const to = outputAddress(LOCKUP_SCRIPT, bitcoinNetwork(ctx.presets.bitcoin.params));
    if (!to) throw new WalletError('internal', localText('err_hop_internal', localText('hopText_boltz_no_lockup_address')));
    try {
      return (await side.quotePayment(to, amount)).fee;
    } catch (err) {
      if (!unfunded(err)) throw err;
      // The wallet does not hold it yet: one coin of ours, at the rate it pays.
      return feeForWeight(ONE_COIN_LOCKUP_WEIGHT, await side.normalFeeRate());
    }
  }
  if (from.layer === 'liquid') {
    const side = await ctx.side('liquid');
    const to = scriptToAddress(LOCKUP_SCRIPT, ctx.presets.liquid.params);
    if (!to) throw new WalletError('internal', localText('err_hop_internal', localText('hopText_boltz_no_lockup_address')));
    try {
      return (await side.quotePayment(to, amount)).fee;
    } catch (err) {
      if (!unfunded(err)) throw err;
      return feeFor(discountVsize(1, [LOCKUP_SCRIPT.length, P2WPKH_SCRIPT_LENGTH]), await new LiquidChain(ctx).feeRate());
    }
  }
  if (from.layer === 'rootstock') return ETHERSWAP_GAS.lock * (await rskGasPrice(ctx));
  return undefined;
}

/** The gas price the Rootstock account signs with now (RootstockService.callContract). */
async function rskGasPrice(ctx: HopContext): Promise<bigint> {
  const url = ctx.presets.rootstock.endpoints.rpc;
  if (!url) throw new WalletError('bad_url', localText('err_no_server_for_layer', localText('layer_rootstock')));
  return (await gasPrices(new RootstockRpc(ctx.http(url)))).suggested;
}

/**
 * Our fees for a swap from `from` to `to` locking `lockAmount` (the `from` asset's smallest
 * unit): a submarine swap funds only, a reverse swap claims only, a chain swap both.
 */
export async function ourFees(ctx: HopContext, from: AssetRef, to: AssetRef, lockAmount: bigint): Promise<OurFees> {
  const [lockup, claim] = await Promise.all([lockAmount > 0n ? lockupFee(ctx, from, lockAmount) : undefined, claimFee(ctx, to)]);
  return { ...(lockup !== undefined ? { lockup } : {}), ...(claim !== undefined ? { claim } : {}) };
}
