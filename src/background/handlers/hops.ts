/** Move screen handlers. Moves to or from a layer switched off in Settings are refused (hops under way are still followed). */
import { HOP_ASSETS } from '../../shared/hop-views';
import type { AssetRef } from '../../hops/types';
import type { Hops } from '../hops';
import { assertShown, shownLayers } from '../layer-gate';
import type { Handlers } from '../rpc';
import type { SettingsStore } from '../settings-store';

/** Quotes are kept a few minutes by Hops; this only needs to outlast them. */
const MAX_QUOTES_REMEMBERED = 256;

export function hopHandlers(hops: Hops, settings: Pick<SettingsStore, 'get'>): Pick<Handlers, `hops.${string}` & keyof Handlers> {
  // The layers each planned quote moves between: a layer hidden after planning must still stop its start.
  const quoteLayers = new Map<string, AssetRef['layer'][]>();
  return {
    'hops.assets': async () => {
      const shown = await shownLayers(settings);
      return HOP_ASSETS.filter((a) => shown.includes(a.layer)).map((a) => ({ ...a }));
    },
    'hops.plan': async ({ from, to, amount, destination }) => {
      await assertShown(settings, from.layer, to.layer);
      const planned = await hops.plan(from, to, amount, destination);
      for (const r of planned.routes) quoteLayers.set(r.quoteId, [r.from.layer, r.to.layer]);
      for (const id of quoteLayers.keys()) {
        if (quoteLayers.size <= MAX_QUOTES_REMEMBERED) break;
        quoteLayers.delete(id);
      }
      return planned;
    },
    'hops.start': async ({ quoteId }) => {
      await assertShown(settings, ...(quoteLayers.get(quoteId) ?? []));
      return hops.start(quoteId);
    },
    'hops.list': () => hops.list(),
    'hops.get': ({ id }) => hops.get(id),
    'hops.refund': ({ id }) => hops.refund(id),
    'hops.restore': () => hops.restore(),
  };
}
