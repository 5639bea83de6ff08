/**
 * Which EtherSwap the wallet uses on Rootstock: the one the preset pins (its
 * address and the keccak256 of its runtime code), looked at on our own node,
 * whose chain must be the preset's. Never the contract Boltz names: a Boltz that
 * names another one (its own copy, or anything with a `claim` function) is
 * refused before any RBTC moves, any invoice is paid or any preimage is revealed.
 */
import { keccak_256 } from '@noble/hashes/sha3.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { WalletError } from '../../shared/errors';
import type { HopContext } from '../mechanism';
import { RskChain } from './chains';
import { hexBytes } from './etherswap';
import { checkEvmAddress } from './verify';
import { localText, type LocalText } from '../../shared/local-text';
import { presetName } from '../../shared/networks';

/** Why the preset's EtherSwap cannot be used (nothing pinned), or null when it is pinned. */
export function etherSwapUnpinned(ctx: HopContext): LocalText | null {
  const preset = ctx.presets.rootstock;
  if (preset.pins?.etherSwap && preset.pins.etherSwapCodeHash) return null;
  return localText('err_etherswap_unpinned', presetName(preset));
}

/** The pinned EtherSwap address (lower case); refuses when the preset pins none. */
export function pinnedEtherSwap(ctx: HopContext): string {
  const why = etherSwapUnpinned(ctx);
  if (why) throw new WalletError('unsupported', why);
  return ctx.presets.rootstock.pins!.etherSwap!.toLowerCase();
}

/** The contract a swap names (Boltz's answer, or a record's side) must be the pinned one. */
export function checkNamedEtherSwap(ctx: HopContext, named: unknown): string {
  const pinned = pinnedEtherSwap(ctx);
  const addr = checkEvmAddress(localText('hopText_boltzWhat_etherswap'), named);
  if (addr !== pinned) {
    throw new WalletError('backend_error', localText('err_etherswap_not_pinned', addr, presetName(ctx.presets.rootstock), pinned));
  }
  return addr;
}

/**
 * Our node is on the preset's chain and holds the pinned code at the pinned
 * address. Two reads, in parallel; returns the pinned address.
 */
export async function checkEtherSwapNode(ctx: HopContext, rsk: RskChain): Promise<string> {
  const pinned = pinnedEtherSwap(ctx);
  const preset = ctx.presets.rootstock;
  const [chainId, code] = await Promise.all([rsk.rpc.chainId(), rsk.rpc.call<unknown>('eth_getCode', [pinned, 'latest'])]);
  if (chainId !== preset.params.chainId) {
    throw new WalletError('wrong_network', localText('err_etherswap_chain', rsk.rpc.host, String(chainId), presetName(preset), String(preset.params.chainId)), rsk.rpc.host);
  }
  if (typeof code !== 'string' || !/^0x([0-9a-fA-F]{2})*$/.test(code)) throw new WalletError('backend_error', localText('err_rpc_not_code', rsk.rpc.host), rsk.rpc.host);
  const hash = `0x${bytesToHex(keccak_256(hexBytes(code)))}`;
  const want = preset.pins!.etherSwapCodeHash!.toLowerCase();
  if (hash !== want) {
    throw new WalletError('backend_error', localText('err_etherswap_code', pinned, hash, want));
  }
  return pinned;
}

/** Both checks, for a side whose contract is already known (a record's): before we lock, claim or refund. */
export async function checkEtherSwap(ctx: HopContext, rsk: RskChain, named: unknown): Promise<string> {
  const addr = checkNamedEtherSwap(ctx, named);
  await checkEtherSwapNode(ctx, rsk);
  return addr;
}

/**
 * Asks Boltz to create a swap (`create`, given our Rootstock address when the swap
 * has an RBTC side): on Rootstock our own node must hold the pinned EtherSwap, read
 * while Boltz creates the swap.
 */
export async function createWithEtherSwap<T>(ctx: HopContext, rbtc: boolean, create: (rskAddress: string | undefined) => Promise<T>): Promise<{ res: T; rsk?: RskChain; rskAddress?: string }> {
  const rsk = rbtc ? new RskChain(ctx) : undefined;
  const rskAddress = rsk ? (await rsk.service()).address : undefined;
  const [res] = await Promise.all([create(rskAddress), rsk ? checkEtherSwapNode(ctx, rsk) : null]);
  return { res, rsk, rskAddress };
}
