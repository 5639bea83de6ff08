/**
 * Gas price policy. Rootstock miners write a minimum gas price into every block
 * header (RSKIP-09) and refuse transactions below it; it may rise by 1% a block,
 * so Rootstock's docs advise 10% headroom over the latest block's minimum. EIP-1559
 * nodes (anvil, for tests) have a base fee instead, which a legacy gas price must
 * also meet; the floor is whichever of the two the block carries.
 */
import type { RootstockRpc, RpcBlock } from './rpc';

export interface GasPrices {
  /** The latest block's floor: no gas price below it is ever offered or accepted. */
  minimum: bigint;
  /** What a send uses by default: the node's eth_gasPrice, at least the floor plus headroom. */
  suggested: bigint;
}

/** Headroom over the block minimum, in percent (Rootstock dev portal, "RBTC gas"). */
export const MINIMUM_HEADROOM_PERCENT = 10n;

/**
 * Bump for a replacement, in percent. RSKj's pool takes a same-nonce replacement
 * only at 40% more (reference.conf, transaction.gasPriceBump); geth and anvil want 10%.
 */
export const REPLACEMENT_BUMP_PERCENT = 40n;

export function ceilPercent(value: bigint, percent: bigint): bigint {
  return (value * (100n + percent) + 99n) / 100n;
}

export async function gasPrices(rpc: RootstockRpc): Promise<GasPrices> {
  const [nodePrice, block] = await Promise.all([rpc.gasPrice(), rpc.getBlockByNumber('latest', false)]);
  return gasPolicy(nodePrice, block);
}

/** The floor and suggestion from the node's eth_gasPrice and its latest block. */
export function gasPolicy(nodePrice: bigint, block: Pick<RpcBlock, 'minimumGasPrice' | 'baseFeePerGas'> | null): GasPrices {
  const minimum = max(block?.minimumGasPrice ?? 0n, block?.baseFeePerGas ?? 0n);
  // Never 0: a zero-price transaction is refused or never mined on most nodes.
  return { minimum, suggested: max(nodePrice, ceilPercent(minimum, MINIMUM_HEADROOM_PERCENT), 1n) };
}

/** The least gas price that replaces a pending transaction sent at `previous`. */
export function replacementGasPrice(previous: bigint, prices: GasPrices): bigint {
  return max(ceilPercent(previous, REPLACEMENT_BUMP_PERCENT), prices.suggested);
}

export function max(...values: bigint[]): bigint {
  return values.reduce((a, b) => (b > a ? b : a));
}
