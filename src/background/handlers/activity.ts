/** The activity timeline over the background's layers and stored moves. */
import { readTimeline } from '../activity';
import type { Hops } from '../hops';
import type { Layers } from '../layers';
import type { Handlers } from '../rpc';
import type { SettingsStore } from '../settings-store';

export function activityHandlers(settings: SettingsStore, layers: Layers, hops: Hops): Pick<Handlers, `activity.${string}` & keyof Handlers> {
  return {
    'activity.list': ({ reuseMs }) =>
      readTimeline(
        settings,
        {
          recent: (shown, maxAgeMs) => layers.recent(shown, maxAgeMs),
          overview: (layer) => layers.overview(layer),
          hops: () => hops.engine.list(),
          chains: () => hops.chains.list(),
          firstSeen: () => layers.firstSeen.all(),
        },
        reuseMs,
      ),
  };
}
