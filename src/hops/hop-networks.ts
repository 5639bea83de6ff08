/**
 * A hop acts only on the networks it was created on. Its record names, for each
 * layer it touches, the preset selected then (`record.network`). Two presets can
 * look alike to every address and script (testnet3 and signet are both `tb`), so
 * a hop that followed today's Settings could pay a lockup on the wrong chain.
 * While Settings select another preset for one of its layers the hop waits —
 * no funding, claim or refund — and it goes on when switched back.
 */
import { LAYER_IDS, type LayerId } from '../shared/layers';
import { findPreset, type NetworkPreset } from '../shared/networks';
import type { HopRecord } from './types';

const LAYER_NAMES: Record<LayerId, string> = { bitcoin: 'Bitcoin', lightning: 'Lightning', stacks: 'Stacks', liquid: 'Liquid', rootstock: 'Rootstock' };

/** Why the hop waits (the networks to switch back to), or null when Settings select every network it runs on. */
export function switchedAway(record: HopRecord, selected: { [L in LayerId]?: NetworkPreset<L> }): string | null {
  const away = LAYER_IDS.filter((l) => record.network[l] !== undefined && selected[l] && selected[l].id !== record.network[l]);
  if (!away.length) return null;
  const label = (l: LayerId, id: string) => `${LAYER_NAMES[l]} ${findPreset(l, id)?.label ?? id}`;
  const ran = away.map((l) => label(l, record.network[l]!)).join(' and ');
  const now = away.map((l) => label(l, selected[l]!.id)).join(' and ');
  return `This move runs on ${ran}, but Settings now select ${now}. It waits and sends nothing until you switch back to ${ran} in Settings.`;
}
