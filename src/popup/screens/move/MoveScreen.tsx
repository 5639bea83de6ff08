import { useEffect, useRef, useState } from 'preact/hooks';
import type { ChainView, HopRecordView } from '../../../shared/hop-views';
import { t } from '../../i18n';
import { call, poll } from '../../rpc-client';
import { ChainProgress } from './ChainProgress';
import { ChainRow } from './ChainRow';
import { chainActive, groupMoves } from './chain-route';
import { HopProgress } from './HopProgress';
import { HopRow } from './HopRow';
import { MoveForm } from './MoveForm';
import { RestoreMoves } from './RestoreMoves';

/** What is open: a hop (maybe a chain's leg, whose Back returns to the chain) or a chain. */
type Open = { hop: string; chain?: string } | { chain: string; hop?: undefined } | null;

const upsert = <T extends { id: string }>(list: T[], item: T) => (list.some((x) => x.id === item.id) ? list.map((x) => (x.id === item.id ? item : x)) : [item, ...list]);

/** Move between layers: pick from/to/amount, compare routes, confirm, watch the hop or the chain. */
export function MoveScreen() {
  const [hops, setHops] = useState<HopRecordView[]>([]);
  const [chains, setChains] = useState<ChainView[]>([]);
  const [open, setOpen] = useState<Open>(null);
  // The timer's callback outlives renders: it reads the hops through this.
  const known = useRef(hops);
  known.current = hops;

  // Each list on its own: one that cannot be read leaves the other shown.
  const refresh = (rpc: typeof call = call) =>
    Promise.all([rpc('hops.list', {}).then(setHops, () => undefined), rpc('chains.list', {}).then(setChains, () => undefined)]);
  // What a user is watching is advanced at once (hops.get / chains.get) rather than when it is next due.
  const refreshHop = (id: string) => poll('hops.get', { id }).then((h) => setHops((hs) => upsert(hs, h)), () => undefined);
  const refreshChain = async (id: string) => {
    const chain = await poll('chains.get', { id }).catch(() => undefined);
    if (!chain) return;
    setChains((cs) => upsert(cs, chain));
    // Its legs' hops carry the steps: the one under way, and any last read before it ended.
    const legs = chain.legs.filter((l, i) => l.hopId && (i === chain.current || (known.current.find((h) => h.id === l.hopId)?.outcome ?? 'in-progress') === 'in-progress'));
    await Promise.all(legs.map((l) => refreshHop(l.hopId!)));
  };
  useEffect(() => {
    // A timer's requests: watching a move does not keep the wallet unlocked.
    const follow = () => (open?.hop ? refreshHop(open.hop) : open?.chain ? refreshChain(open.chain) : refresh(poll));
    void follow();
    const timer = setInterval(follow, open ? 3000 : 5000);
    return () => clearInterval(timer);
  }, [open?.hop, open?.chain]);

  const openedHop = open?.hop ? hops.find((h) => h.id === open.hop) : undefined;
  if (openedHop) return <HopProgress hop={openedHop} onBack={() => setOpen(open?.chain ? { chain: open.chain } : null)} onChange={() => void refresh()} />;
  const openedChain = open?.chain ? chains.find((c) => c.id === open.chain) : undefined;
  if (openedChain) {
    return (
      <ChainProgress
        chain={openedChain}
        hops={hops}
        onBack={() => setOpen(null)}
        onChange={(c) => setChains((cs) => upsert(cs, c))}
        onOpenHop={(id) => setOpen({ hop: id, chain: openedChain.id })}
      />
    );
  }

  const grouped = groupMoves(hops, chains);
  const hopRow = (h: HopRecordView) => <HopRow key={h.id} hop={h} onOpen={() => setOpen({ hop: h.id })} />;
  const chainRow = (c: ChainView) => <ChainRow key={c.id} chain={c} hops={grouped.legs.get(c.id) ?? []} onOpen={() => setOpen({ chain: c.id })} />;
  const activeChains = chains.filter(chainActive);
  const doneChains = chains.filter((c) => !chainActive(c));
  const active = grouped.single.filter((h) => h.outcome === 'in-progress');
  const done = grouped.single.filter((h) => h.outcome !== 'in-progress');
  return (
    <section class="screen" data-testid="move-screen">
      <h2>{t('moveTitle')}</h2>
      <MoveForm
        onStarted={(hop) => {
          setHops((hs) => upsert(hs, hop));
          setOpen({ hop: hop.id });
        }}
        onChainStarted={(chain) => {
          setChains((cs) => upsert(cs, chain));
          setOpen({ chain: chain.id });
        }}
      />
      <h3>{t('hopsInProgress')}</h3>
      {active.length || activeChains.length ? (
        <ul class="cards" data-testid="moves-active">
          {activeChains.map(chainRow)}
          {active.map(hopRow)}
        </ul>
      ) : (
        <p class="muted">{t('noHops')}</p>
      )}
      <RestoreMoves onRestored={() => void refresh()} />
      {done.length || doneChains.length ? (
        <>
          <h3>{t('hopsDone')}</h3>
          <ul class="cards" data-testid="moves-done">
            {doneChains.map(chainRow)}
            {done.map(hopRow)}
          </ul>
        </>
      ) : null}
    </section>
  );
}
