/**
 * A hop acts only on the networks it was created on. Its record names, for each
 * layer it touches, the preset selected then (`record.network`). Two presets can
 * look alike to every address and script (testnet3 and signet are both `tb`), so
 * a hop that followed today's Settings could pay a lockup on the wrong chain.
 * While Settings select another preset for one of its layers the hop waits —
 * no funding, claim or refund — and it goes on when switched back.
 */
import { LAYER_IDS, type LayerId } from '../shared/layers';
import { WalletError } from '../shared/errors';
import { isLocalText, localText, type LocalText } from '../shared/local-text';
import { findPreset, type NetworkPreset, presetName } from '../shared/networks';
import type { HopContext } from './mechanism';
import type { HopRecord } from './types';

/** Why the hop waits (the networks to switch back to), or null when Settings select every network it runs on. */
export function switchedAway(record: Pick<HopRecord, 'network'>, selected: { [L in LayerId]?: NetworkPreset<L> }): LocalText | null {
  const away = LAYER_IDS.filter((l) => record.network[l] !== undefined && selected[l] && selected[l].id !== record.network[l]);
  if (!away.length) return null;
  // The layer's name in the reader's language (layer_*), the network's label as it is (a name).
  const label = (l: LayerId, id: string) => localText('hopText_layer_network', localText(`layer_${l}`), findPreset(l, id) ? presetName({ layer: l, id }) : id);
  const list = (texts: LocalText[]) => texts.reduce((all, t) => localText('hopText_list', all, t));
  return localText('hopNote_switchedAway', list(away.map((l) => label(l, record.network[l]!))), list(away.map((l) => label(l, selected[l]!.id))));
}

/**
 * A service anchored to one Bitcoin network (the PowPeg, sBTC's signers): its params
 * while Settings select that network, otherwise why it cannot be used (`what`: the
 * service, as the reason names it).
 */
export function anchoredOn<P extends { bitcoinPreset: string }>(ctx: HopContext, params: P, what: LocalText): P | LocalText {
  const bitcoin = ctx.presets.bitcoin;
  if (bitcoin.id !== params.bitcoinPreset) return localText('err_service_anchored', what, params.bitcoinPreset, presetName(bitcoin));
  return params;
}

/** Whether a service's params lookup answered why not (a keyed reason) rather than the params. */
export function isReason<P extends object>(on: P | LocalText): on is LocalText {
  return isLocalText(on);
}

/** What `on` found, or its reason as an error (for steps that cannot go on without it). */
export function required<P extends object>(on: P | LocalText): P {
  if (isReason(on)) throw new WalletError('unsupported', on);
  return on;
}
