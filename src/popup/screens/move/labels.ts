/** Names on the Move screen that come from locale keys built from a value (mechanism ids have dashes, keys underscores). */
import type { ChainStatus, HopOutcome } from '../../../shared/hop-views';
import { t } from '../../i18n';
import { mechanismKey } from './chain-route';

export const mechanismName = (m: string) => t(mechanismKey(m));
export const outcomeName = (o: HopOutcome) => t(`outcome_${o.replace(/-/g, '_')}`);
export const chainStatusName = (s: ChainStatus) => t(`chainStatus_${s}`);
export const layerName = (layer: string) => t(`layer_${layer}`);
