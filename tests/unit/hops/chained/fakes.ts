/**
 * Small fake mechanisms for the chained planner's tests: each leg charges a
 * percentage and a fixed fee out of the amount (as Boltz does), may charge a
 * funding fee on top on its source layer and claim gas on top on its target layer
 * (as a chain swap and an RBTC claim do), and has limits in its source unit.
 */
import { fromSats, toSats } from '../../../../src/hops/boltz/assets';
import type { HopContext, Mechanism } from '../../../../src/hops/mechanism';
import { unavailable } from '../../../../src/hops/routes';
import type { AssetRef, FeeLine, MechanismId, RouteQuote } from '../../../../src/hops/types';
import { WalletError } from '../../../../src/shared/errors';
import { HttpClient } from '../../../../src/shared/http';
import { LAYER_IDS, type LayerId } from '../../../../src/shared/layers';
import { resolvePreset, type NetworkPreset } from '../../../../src/shared/networks';

export const BTC: AssetRef = { layer: 'bitcoin', asset: 'BTC' };
export const LN: AssetRef = { layer: 'lightning', asset: 'BTC' };
export const LBTC: AssetRef = { layer: 'liquid', asset: 'L-BTC' };
export const RBTC: AssetRef = { layer: 'rootstock', asset: 'RBTC' };
export const SBTC: AssetRef = { layer: 'stacks', asset: 'sBTC' };
export const ALL = [BTC, LN, LBTC, RBTC, SBTC];

export interface LegTerms {
  /** Percentage fee in ppm of the amount (sats), rounded up. */
  ppm?: bigint;
  /** Fixed fee out of the amount, in sats. */
  fixed?: bigint;
  /** Limits in the source asset's smallest unit. */
  min?: bigint;
  max?: bigint;
  /** Paid by the wallet on top, on the source layer (smallest unit). */
  funding?: bigint;
  /** Paid by the wallet on top, on the target layer (smallest unit). */
  claim?: bigint;
  minutes?: number;
  counterparty?: string;
  /** serviceMissing answer. */
  missing?: string;
  /** A GET the quote makes first (a pair table). */
  url?: string;
  /** The quote throws this (a service that cannot be reached). */
  throws?: string;
}

/** What the leg delivers for `x` (smallest unit of `from`), or a negative number when the fees eat it. */
export function deliver(t: LegTerms, from: AssetRef, to: AssetRef, x: bigint): bigint {
  const s = toSats(from, x);
  const out = s - (s * (t.ppm ?? 0n) + 999_999n) / 1_000_000n - (t.fixed ?? 0n);
  return out < 0n ? out : fromSats(to, out);
}

export function fakeMechanism(id: string, from: AssetRef, to: AssetRef, terms: LegTerms = {}, log?: string[]): Mechanism {
  const t = { min: 1n, max: 10n ** 30n, ...terms };
  const line = (label: string, amount: bigint, layer: LayerId | undefined): FeeLine => ({ label, amount: amount.toString(), decimals: 8, symbol: 'X', ...(layer ? { onTopOn: layer } : {}) });
  return {
    id: id as MechanismId,
    pairs: () => [{ from, to }],
    ...(t.missing !== undefined ? { serviceMissing: () => t.missing! } : { serviceMissing: () => null }),
    async quote(ctx: HopContext, f: AssetRef, g: AssetRef, x: bigint): Promise<RouteQuote> {
      log?.push(`${id} ${x}`);
      if (t.url) await ctx.http(t.url).getJson('/pairs');
      if (t.throws) throw new WalletError('network_error', t.throws);
      const frame = { min: t.min.toString(), max: t.max.toString(), counterparty: t.counterparty ?? id };
      if (x < t.min || x > t.max) return { ...unavailable(id as MechanismId, f, g, `${id}: ${x} is outside ${t.min}..${t.max}.`), ...frame };
      const out = deliver(t, f, g, x);
      return {
        mechanism: id as MechanismId,
        from: f,
        to: g,
        available: out > 0n,
        ...(out > 0n ? {} : { reason: 'The amount does not cover the fees.' }),
        send: x.toString(),
        receive: (out > 0n ? out : 0n).toString(),
        serviceFee: null,
        networkFees: [
          line('inside', t.fixed ?? 0n, undefined),
          ...(t.funding ? [line('funding', t.funding, f.layer)] : []),
          ...(t.claim ? [line('claim', t.claim, g.layer)] : []),
        ],
        expectedMinutes: t.minutes ?? 10,
        ...frame,
      };
    },
    create: async () => {
      throw new Error('not in these tests');
    },
    advance: async (_c, r) => r,
  };
}

export const devnetPresets = Object.fromEntries(LAYER_IDS.map((l) => [l, resolvePreset(l, 'devnet', {}, {})])) as { [L in LayerId]: NetworkPreset<L> };

/** A context whose HTTP goes to `fetchImpl` and whose Lightning side is connected unless `noLightning`. */
export function fakeContext(opts: { fetchImpl?: typeof fetch; noLightning?: boolean } = {}): HopContext {
  return {
    presets: devnetPresets,
    http: (url: string) => new HttpClient(url, { retries: 0, ...(opts.fetchImpl ? { fetchImpl: opts.fetchImpl } : {}) }),
    now: () => Date.now(),
    side: (async (layer: LayerId) => {
      if (layer === 'lightning' && opts.noLightning) throw new WalletError('no_funding', 'No Lightning wallet is connected. Connect one to move funds over Lightning.');
      return {};
    }) as HopContext['side'],
  } as unknown as HopContext;
}

/** A fetch that answers every URL with `{}` after `delayMs`, counting requests per "METHOD url" and logging start/end. */
export function countingFetch(delayMs = 0) {
  const counts = new Map<string, number>();
  const events: string[] = [];
  const fetchImpl = (async (url: string, init?: RequestInit) => {
    const key = `${init?.method ?? 'GET'} ${url}`;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    events.push(`start ${url}`);
    if (delayMs) await new Promise((r) => setTimeout(r, delayMs));
    events.push(`end ${url}`);
    return new Response('{}', { status: 200 });
  }) as unknown as typeof fetch;
  return { fetchImpl, counts, events };
}
