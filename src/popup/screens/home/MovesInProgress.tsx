import { useEffect, useState } from 'preact/hooks';
import type { ChainView, HopRecordView } from '../../../shared/hop-views';
import { t } from '../../i18n';
import { poll } from '../../rpc-client';
import { chainActive, groupMoves } from '../move/chain-route';
import { ChainInProgress, HopInProgress } from './MoveInProgress';

/** While Home is open its clocks follow the chains' blocks (a tip read per chain is kept a few seconds in the background). */
const REFRESH_MS = 5_000;

/**
 * Home's moves in progress: every unfinished hop and running or stopped chain, each
 * with its route, where it is, and its refund clock. Nothing shows when none is under way.
 */
export function MovesInProgress() {
  const [hops, setHops] = useState<HopRecordView[]>([]);
  const [chains, setChains] = useState<ChainView[]>([]);

  useEffect(() => {
    // Timer requests (poll): watching does not keep the wallet unlocked. Each list on its own.
    const refresh = () => {
      void poll('hops.list', {}).then(setHops, () => undefined);
      void poll('chains.list', {}).then(setChains, () => undefined);
    };
    refresh();
    const timer = setInterval(refresh, REFRESH_MS);
    return () => clearInterval(timer);
  }, []);

  const replace = (hop: HopRecordView) => setHops((hs) => hs.map((h) => (h.id === hop.id ? hop : h)));
  const active = chains.filter(chainActive);
  const grouped = groupMoves(hops, active);
  const single = grouped.single.filter((h) => h.outcome === 'in-progress');
  if (!single.length && !active.length) return null;
  return (
    <section data-testid="home-moves">
      <h3>{t('movesInProgress')}</h3>
      <ul class="cards">
        {active.map((c) => (
          <ChainInProgress key={c.id} chain={c} hops={grouped.legs.get(c.id) ?? []} onChange={replace} />
        ))}
        {single.map((h) => (
          <HopInProgress key={h.id} hop={h} onChange={replace} />
        ))}
      </ul>
    </section>
  );
}
