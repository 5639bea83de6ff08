/**
 * Checks of what Boltz returns when a swap is created, before anything moves.
 * Pure functions: the mechanism fetches heights and contract addresses and hands
 * them in. Every mismatch throws a WalletError whose message says what was wrong
 * and that nothing was sent.
 */
import { secp256k1 } from '@noble/curves/secp256k1.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import type { Types } from 'boltz-core';
import { parseBitcoinAddress } from '../../layers/bitcoin/address';
import { decodeBolt11, type Bolt11Currency } from '../../layers/lightning/bolt11';
import { parseLiquidAddress } from '../../layers/liquid/address';
import { WalletError } from '../../shared/errors';
import { localText, type LocalText } from '../../shared/local-text';
import type { BitcoinParams, LiquidParams } from '../../shared/networks';
import type { SerializedTree } from './shapes';
import { equalBytes, verifyTree, type TreeShape } from './taproot';

export function mismatch(what: LocalText): WalletError {
  return new WalletError('backend_error', localText('err_boltz_mismatch', what));
}

/** What a thrown error says, keyed when it is (`fallback` for anything but a WalletError). */
export function causeOf(err: unknown, fallback: LocalText): string | LocalText {
  return err instanceof WalletError ? (err.text ?? err.message) : fallback;
}

/**
 * Blocks that must be left before Boltz's timeout when we reveal the preimage by
 * claiming: from the timeout on, Boltz may refund its lockup while our claim (and
 * the preimage in it) is still waiting, and then take ours too. About an hour of
 * blocks on Bitcoin (a claim at the two-block fee rate confirms well within that,
 * even through a slow run of blocks), ten minutes on Liquid (one-minute blocks,
 * no fee market) and five on Rootstock (~30 s blocks).
 */
export const CLAIM_MARGIN: Record<'BTC' | 'L-BTC' | 'RBTC', number> = { BTC: 6, 'L-BTC': 10, RBTC: 10 };

/**
 * How far ahead a timeout may sit when a swap is created, per chain, in blocks:
 * [minimum, maximum]. The minimum leaves, beyond the claim margin, time for the
 * payment, Boltz's lockup and its confirmation (another hour on Bitcoin, ten
 * minutes elsewhere); the maximum is how long funds may stay locked (two weeks).
 */
export const TIMEOUT_BOUNDS: Record<'BTC' | 'L-BTC' | 'RBTC', [number, number]> = {
  BTC: [CLAIM_MARGIN.BTC + 6, 2016],
  'L-BTC': [CLAIM_MARGIN['L-BTC'] + 10, 20160],
  RBTC: [CLAIM_MARGIN.RBTC + 10, 40320],
};

export function checkTimeout(currency: 'BTC' | 'L-BTC' | 'RBTC', timeout: number, tip: number): void {
  if (!Number.isSafeInteger(timeout)) throw mismatch(localText('hopText_mismatch_timeout_not_height'));
  const [min, max] = TIMEOUT_BOUNDS[currency];
  const ahead = timeout - tip;
  if (ahead < min) throw mismatch(localText('hopText_mismatch_timeout_near', String(timeout), String(ahead), String(tip), String(min)));
  if (ahead > max) throw mismatch(localText('hopText_mismatch_timeout_far', String(timeout), String(ahead), String(max)));
}

export function checkAmount(what: LocalText, got: unknown, expected: bigint): void {
  if (typeof got !== 'number' || !Number.isSafeInteger(got) || BigInt(got) !== expected) {
    throw mismatch(localText('hopText_mismatch_amount', what, String(got), String(expected)));
  }
}

export function publicKeyFrom(hex: string | undefined, who: LocalText): Uint8Array {
  if (typeof hex !== 'string' || !/^(02|03)[0-9a-fA-F]{64}$/.test(hex)) throw mismatch(localText('hopText_mismatch_not_pubkey', who));
  const key = hexToBytes(hex);
  try {
    secp256k1.Point.fromHex(hex);
  } catch {
    throw mismatch(localText('hopText_mismatch_not_on_curve', who));
  }
  return key;
}

export type UtxoNetwork = { kind: 'bitcoin'; params: BitcoinParams } | { kind: 'liquid'; params: LiquidParams };

/** The script (and Liquid blinding key) an address stands for, on our network only. */
export function addressScript(address: string, net: UtxoNetwork): { script: Uint8Array; blindingKey?: Uint8Array } {
  try {
    if (net.kind === 'bitcoin') return { script: parseBitcoinAddress(address, net.params).script };
    const d = parseLiquidAddress(address, net.params);
    return { script: d.script, blindingKey: d.blindingKey };
  } catch (err) {
    throw mismatch(localText('hopText_mismatch_lockup_network', causeOf(err, localText('hopText_unreadable'))));
  }
}

export interface UtxoLockupCheck {
  shape: TreeShape;
  net: UtxoNetwork;
  tree: SerializedTree | undefined;
  address: string;
  /** Liquid: the blinding private key Boltz hands out for the lockup address. */
  blindingKey?: string;
  ourPublicKey: Uint8Array;
  boltzPublicKey: Uint8Array;
  /** Which side claims: in submarine trees Boltz claims, in reverse trees we do. */
  weClaim: boolean;
  preimageHash: Uint8Array;
  timeoutBlockHeight: number;
}

/**
 * The lockup address is the P2TR output of the tree rebuilt from our key and
 * Boltz's (our key in our role, the agreed preimage hash and timeout); on Liquid,
 * the address's blinding key is the public key of the blinding key Boltz sent.
 */
export function checkUtxoLockup(c: UtxoLockupCheck): { tree: Types.SwapTree; script: Uint8Array } {
  if (equalBytes(c.ourPublicKey, c.boltzPublicKey)) throw mismatch(localText('hopText_mismatch_own_key'));
  const liquid = c.net.kind === 'liquid';
  const built = verifyTree(
    c.tree,
    {
      shape: c.shape,
      liquid,
      preimageHash: c.preimageHash,
      claimPublicKey: c.weClaim ? c.ourPublicKey : c.boltzPublicKey,
      refundPublicKey: c.weClaim ? c.boltzPublicKey : c.ourPublicKey,
      timeoutBlockHeight: c.timeoutBlockHeight,
    },
    c.ourPublicKey,
    c.boltzPublicKey,
  );
  const decoded = addressScript(c.address, c.net);
  if (!equalBytes(decoded.script, built.script)) throw mismatch(localText('hopText_mismatch_lockup_not_tree'));
  if (liquid) {
    if (!c.blindingKey || !/^[0-9a-fA-F]{64}$/.test(c.blindingKey)) throw mismatch(localText('hopText_mismatch_no_blinding'));
    if (!decoded.blindingKey) throw mismatch(localText('hopText_mismatch_not_confidential'));
    if (!equalBytes(secp256k1.getPublicKey(hexToBytes(c.blindingKey), true), decoded.blindingKey)) throw mismatch(localText('hopText_mismatch_blinding_other'));
  }
  return built;
}

/** A reverse swap's invoice: ours to pay, for the quoted amount, locked to our preimage. */
export function checkReverseInvoice(invoice: string, network: Bolt11Currency, preimageHash: Uint8Array, invoiceSats: bigint): void {
  let decoded;
  try {
    decoded = decodeBolt11(invoice, network);
  } catch (err) {
    throw mismatch(localText('hopText_mismatch_invoice_unusable', causeOf(err, localText('hopText_unreadable'))));
  }
  if (decoded.paymentHash.toLowerCase() !== bytesToHex(preimageHash)) throw mismatch(localText('hopText_mismatch_invoice_hash'));
  if (decoded.amountMsat !== invoiceSats * 1000n) {
    const want = String(invoiceSats * 1000n);
    throw mismatch(decoded.amountMsat === null ? localText('hopText_mismatch_invoice_no_amount', want) : localText('hopText_mismatch_invoice_amount', String(decoded.amountMsat), want));
  }
}

export function checkEvmAddress(what: LocalText, value: unknown): string {
  if (typeof value !== 'string' || !/^0x[0-9a-fA-F]{40}$/.test(value)) throw mismatch(localText('hopText_mismatch_not_evm', what));
  return value.toLowerCase();
}
