/**
 * About how many minutes a block takes, per layer: for "about how long" next to a
 * count of blocks, never for a decision (heights decide). The local devnet mines
 * every 10 s on every chain (tests/devnet/local-devnet.ts).
 */
import type { LayerId } from './layers';

const PUBLIC_MINUTES: Partial<Record<LayerId, number>> = { bitcoin: 10, liquid: 1, rootstock: 0.5 };
const DEVNET_MINUTES = 1 / 6;

/** Minutes for `blocks` blocks on `layer` under preset `presetId`, rounded up; undefined where the layer has no block clock here. */
export function minutesForBlocks(layer: LayerId, presetId: string, blocks: number): number | undefined {
  const perBlock = presetId === 'devnet' ? DEVNET_MINUTES : PUBLIC_MINUTES[layer];
  return perBlock === undefined ? undefined : Math.ceil(blocks * perBlock);
}
