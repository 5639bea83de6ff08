/**
 * The activity timeline: every shown layer's activity, read in parallel (or taken from
 * the overview cached moments ago), and every hop and chained move as stored, merged
 * newest first. A layer that cannot be read leaves its entries out and is named with
 * its error; the rest are answered. Moves are read from storage without advancing
 * them (Home and the Move screen do that), so the timeline adds no request of its own.
 */
import { WalletError } from '../shared/errors';
import type { ChainView, HopRecordView } from '../shared/hop-views';
import type { LayerOverview } from '../shared/layer-views';
import type { LayerId } from '../shared/layers';
import { localText } from '../shared/local-text';
import { TIMELINE_REUSE_MS } from '../shared/rpc-activity';
import { pagelessExplorers } from '../shared/explorer';
import { mergeTimeline, withoutPagelessLinks, type TimelineGap, type TimelineSource, type TimelineView } from '../shared/timeline';
import { shownLayers } from './layer-gate';
import type { SettingsStore } from './settings-store';

/** What the timeline reads; the background's Layers and Hops provide it. */
export interface TimelineSources {
  recent(layers: readonly LayerId[], maxAgeMs: number): Promise<LayerOverview[]>;
  overview(layer: LayerId): Promise<LayerOverview>;
  hops(): Promise<readonly HopRecordView[]>;
  chains(): Promise<readonly ChainView[]>;
  /** When each transaction entry was first seen (timeline key → ms). */
  firstSeen(): Promise<ReadonlyMap<string, number>>;
}

const elapsed = (since: number) => Math.round(performance.now() - since);

function gapError(err: unknown): TimelineGap['error'] {
  if (err instanceof WalletError) return err.toShape();
  return new WalletError('backend_error', localText('err_timeline_layer_unread')).toShape();
}

export async function readTimeline(settings: Pick<SettingsStore, 'get'>, read: TimelineSources, reuseMs = TIMELINE_REUSE_MS): Promise<TimelineView> {
  const started = performance.now();
  const shown = await shownLayers(settings);
  const recent = reuseMs > 0 ? await read.recent(shown, reuseMs) : [];
  const reads = shown.map(async (layer): Promise<{ source: TimelineSource; overview?: LayerOverview; gap?: TimelineGap }> => {
    const hit = recent.find((o) => o.layer === layer);
    if (hit) return { source: { layer, from: 'cache', ms: 0 }, overview: hit };
    const t0 = performance.now();
    try {
      const overview = await read.overview(layer);
      return { source: { layer, from: 'fresh', ms: elapsed(t0) }, overview };
    } catch (err) {
      // Locked: the whole timeline needs the unlocked wallet, not one layer.
      if (err instanceof WalletError && err.code === 'locked') throw err;
      return { source: { layer, from: 'failed', ms: elapsed(t0) }, gap: { layer, error: gapError(err) } };
    }
  });
  const [layers, hops, chains, s] = await Promise.all([Promise.all(reads), read.hops(), read.chains(), settings.get()]);
  // After the reads, which stamp what they saw first.
  const seen = await read.firstSeen().catch(() => new Map<string, number>());
  const overviews = layers.flatMap((r) => (r.overview ? [r.overview] : []));
  const entries = withoutPagelessLinks(mergeTimeline(overviews, hops, chains, seen), pagelessExplorers(s.endpoints));
  return {
    entries,
    gaps: layers.flatMap((r) => (r.gap ? [r.gap] : [])),
    sources: layers.map((r) => r.source),
    wallMs: elapsed(started),
  };
}
