/**
 * Side-by-side benches against the peer libraries a reviewer from the field asks
 * about, each printed as ours / theirs; the peers are dev dependencies only and
 * nothing in src/ imports them. Liquid unblinding against liquidjs-lib runs with
 * the other Liquid numbers (bench/liquid.ts), in the same format.
 * Run alone: `npx tsx bench/peers/index.ts`.
 */
import { benchBolt11Peers } from './bolt11';
import { benchCoinSelectionPeers } from './coin-selection';

export async function benchPeers(): Promise<Record<string, number>> {
  return { ...(await benchCoinSelectionPeers()), ...(await benchBolt11Peers()) };
}

if (import.meta.url === `file://${process.argv[1]}`) console.log(await benchPeers());
