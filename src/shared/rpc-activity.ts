/** Protocol of the activity timeline: every shown layer's activity and every move, merged in the background. */
import { method } from './rpc-method';
import { int, obj, optional } from './schema';
import type { TimelineView } from './timeline';

/** A layer overview cached at most this long ago may stand in for a fresh read (Home refreshed every layer when the popup opened). */
export const TIMELINE_REUSE_MS = 30_000;

export const ACTIVITY_METHODS = {
  /**
   * The timeline newest first. Layers are read in parallel; a layer whose cached
   * overview is at most `reuseMs` old (default TIMELINE_REUSE_MS, 0: read every layer
   * afresh) is not read again. A layer that cannot be read is named in `gaps`.
   */
  'activity.list': method<TimelineView>()(obj({ reuseMs: optional(int({ min: 0, max: 600_000 })) })),
};
