/**
 * A hop record as a mechanism would have stored it, for tests that hand one to
 * `advance`: the fields every record has get plain defaults (created at 0, on no
 * network, in progress); a test names its mechanism, assets, amounts, state,
 * steps and data.
 */
import type { AssetRef, DataOf, HopRecord, HopStep, MechanismId } from '../../src/hops/types';

export interface HopFixture<M extends MechanismId> {
  mechanism: M;
  from: AssetRef;
  to: AssetRef;
  send: bigint;
  expectedReceive?: bigint;
  state: string;
  /** Step keys (labelled by their key) or whole steps. */
  steps: (string | HopStep)[];
  /** Keys of the steps already done. */
  done?: string[];
  data: DataOf<M>;
  id?: string;
  network?: Record<string, string>;
  createdAt?: number;
}

export function hopFixture<M extends MechanismId>(f: HopFixture<M>): HopRecord<M> {
  const createdAt = f.createdAt ?? 0;
  return {
    id: f.id ?? 'h1',
    index: 0,
    mechanism: f.mechanism,
    from: f.from,
    to: f.to,
    send: f.send.toString(),
    expectedReceive: (f.expectedReceive ?? f.send).toString(),
    network: f.network ?? {},
    createdAt,
    updatedAt: createdAt,
    state: f.state,
    outcome: 'in-progress',
    steps: f.steps.map((s) => (typeof s === 'string' ? { key: s, label: s, status: f.done?.includes(s) ? 'done' : 'waiting' } : s)),
    data: f.data,
  } as HopRecord<M>;
}

export const BTC: AssetRef = { layer: 'bitcoin', asset: 'BTC' };
export const RBTC: AssetRef = { layer: 'rootstock', asset: 'RBTC' };
export const SBTC: AssetRef = { layer: 'stacks', asset: 'sBTC' };
