import { useEffect, useState } from 'preact/hooks';
import type { HopRecordView } from '../../../shared/hop-views';
import { t } from '../../i18n';
import { call, poll } from '../../rpc-client';
import { HopProgress } from './HopProgress';
import { MoveForm } from './MoveForm';
import { RestoreMoves } from './RestoreMoves';

/** Move between layers: pick from/to/amount, compare routes, confirm, watch the hop. */
export function MoveScreen() {
  const [hops, setHops] = useState<HopRecordView[]>([]);
  const [open, setOpen] = useState<string | null>(null);

  const refresh = (rpc: typeof call = call) => rpc('hops.list', {}).then(setHops, () => undefined);
  // The hop a user is watching is advanced at once (hops.get) rather than when it is next due.
  const refreshOpen = (id: string) =>
    poll('hops.get', { id }).then((h) => setHops((hs) => hs.map((x) => (x.id === h.id ? h : x))), () => undefined);
  useEffect(() => {
    // A timer's requests: watching a hop does not keep the wallet unlocked.
    const follow = () => (open ? refreshOpen(open) : refresh(poll));
    void follow();
    const timer = setInterval(follow, open ? 3000 : 5000);
    return () => clearInterval(timer);
  }, [open]);

  const opened = hops.find((h) => h.id === open);
  if (opened) return <HopProgress hop={opened} onBack={() => setOpen(null)} onChange={() => void refresh()} />;

  const active = hops.filter((h) => h.outcome === 'in-progress');
  const done = hops.filter((h) => h.outcome !== 'in-progress');
  const row = (h: HopRecordView) => (
    <li key={h.id} class="card" data-testid={`hop-${h.id}`} data-outcome={h.outcome} data-state={h.state}>
      <div class="row">
        <strong>
          {t(`layer_${h.from.layer}`)} → {t(`layer_${h.to.layer}`)}
        </strong>
        <span class="spacer" />
        <span class="badge">{t(`outcome_${h.outcome.replace(/-/g, "_")}`)}</span>
      </div>
      <div class="row muted">
        <span>{t(`mechanism_${h.mechanism.replace(/-/g, "_")}`)}</span>
        <span class="spacer" />
        <button type="button" class="small" data-testid="hop-open" onClick={() => setOpen(h.id)}>
          {t('details')}
        </button>
      </div>
    </li>
  );
  return (
    <section class="screen" data-testid="move-screen">
      <h2>{t('moveTitle')}</h2>
      <MoveForm
        onStarted={(hop) => {
          setHops((hs) => [hop, ...hs.filter((x) => x.id !== hop.id)]);
          setOpen(hop.id);
        }}
      />
      <h3>{t('hopsInProgress')}</h3>
      {active.length ? <ul class="cards">{active.map(row)}</ul> : <p class="muted">{t('noHops')}</p>}
      <RestoreMoves onRestored={() => void refresh()} />
      {done.length ? (
        <>
          <h3>{t('hopsDone')}</h3>
          <ul class="cards">{done.map(row)}</ul>
        </>
      ) : null}
    </section>
  );
}
