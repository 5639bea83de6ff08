/** The Move screen's helpers for chained moves: path, cost share, grouping legs under their chain, the route matrix. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { ChainView, HopRecordView, RouteMatrixCell, RouteView } from '../../../src/shared/hop-views';
import { renderText } from '../../../src/shared/local-text';
import {
  belowMinReceive,
  chainAtLeg,
  chainFunds,
  costPercent,
  groupMoves,
  isChainedRoute,
  legHop,
  legOutcome,
  legsPath,
  pathLabel,
} from '../../../src/popup/screens/move/chain-route';
import { cellText, matrixGrid } from '../../../src/popup/screens/move/matrix-grid';

// The English messages as the browser substitutes them ($P1$ ← first parameter); a missing key fails the test.
const en = JSON.parse(readFileSync(join(import.meta.dirname, '../../../public/_locales/en/messages.json'), 'utf8')) as Record<string, { message: string }>;
const english = (key: string, ...subs: string[]) => {
  const m = en[key];
  if (!m) throw new Error(`no English message ${key}`);
  return m.message.replace(/\$P(\d)\$/g, (_, n: string) => subs[Number(n) - 1] ?? '');
};

const sbtc = { layer: 'stacks', asset: 'sBTC' } as const;
const btc = { layer: 'bitcoin', asset: 'BTC' } as const;
const ln = { layer: 'lightning', asset: 'BTC' } as const;
const lbtc = { layer: 'liquid', asset: 'L-BTC' } as const;
const rbtc = { layer: 'rootstock', asset: 'RBTC' } as const;

function hop(id: string, extra: Partial<HopRecordView> = {}): HopRecordView {
  return {
    id, index: 0, from: btc, to: ln, send: '1000', expectedReceive: '900', network: {}, createdAt: 0, updatedAt: 0,
    state: 'created', outcome: 'in-progress', steps: [], mechanism: 'boltz-submarine', data: {}, ...extra,
  };
}

function chain(id: string, hopIds: (string | undefined)[], extra: Partial<ChainView> = {}): ChainView {
  return {
    id, from: sbtc, to: ln, send: '100000', expectedReceive: '98000', minReceive: '97000',
    legs: hopIds.map((hopId, i) => ({
      from: i === 0 ? sbtc : btc, to: i === 0 ? btc : ln, mechanism: i === 0 ? 'sbtc-withdrawal' : 'boltz-submarine',
      counterparty: 'x', send: '1', expectedReceive: '1', ...(hopId ? { hopId } : {}),
    })),
    current: 0, status: 'running', network: {}, createdAt: 0, updatedAt: 0, ...extra,
  };
}

describe('costPercent', () => {
  it('writes basis points as a percentage with two decimals, by integer division', () => {
    expect(costPercent(123)).toBe('1.23');
    expect(costPercent(5)).toBe('0.05');
    expect(costPercent(0)).toBe('0.00');
    expect(costPercent(10_000)).toBe('100.00');
    expect(costPercent(1_234_567)).toBe('12345.67');
    expect(costPercent(-7)).toBe('-0.07');
    expect(costPercent(-250)).toBe('-2.50');
  });

  it('shows nothing for a value that is not a whole number of basis points', () => {
    expect(costPercent(12.5)).toBeUndefined();
    expect(costPercent(Number.NaN)).toBeUndefined();
    expect(costPercent(Number.POSITIVE_INFINITY)).toBeUndefined();
    expect(costPercent(2 ** 60)).toBeUndefined();
  });
});

describe('path', () => {
  const legs = [{ from: sbtc, to: btc }, { from: btc, to: ln }];
  it('runs from the first leg through each leg\'s destination', () => {
    expect(legsPath(legs)).toEqual([sbtc, btc, ln]);
    expect(legsPath([])).toEqual([]);
  });

  it('names each asset by its layer and symbol', () => {
    const names: Record<string, string> = { layer_stacks: 'Stacks', layer_bitcoin: 'Bitcoin', layer_lightning: 'Lightning' };
    expect(pathLabel(legsPath(legs), (k) => names[k] ?? k)).toBe('Stacks · sBTC → Bitcoin · BTC → Lightning · sats');
    expect(pathLabel([rbtc, { layer: 'liquid', asset: 'TEST' }], (k) => k)).toBe('layer_rootstock · RBTC → layer_liquid · TEST');
  });
});

describe('isChainedRoute', () => {
  const base = { from: sbtc, to: ln, counterparty: '', available: true, send: '1', receive: '1', serviceFee: null, networkFees: [], min: '1', max: '2', expectedMinutes: 1 };
  it('needs the chained mechanism and at least one leg', () => {
    expect(isChainedRoute({ ...base, mechanism: 'chained', legs: [{ ...base, mechanism: 'boltz-submarine' }] } as RouteView)).toBe(true);
    expect(isChainedRoute({ ...base, mechanism: 'chained', legs: [] } as RouteView)).toBe(false);
    expect(isChainedRoute({ ...base, mechanism: 'chained' } as RouteView)).toBe(false);
    expect(isChainedRoute({ ...base, mechanism: 'boltz-submarine' } as RouteView)).toBe(false);
  });
});

describe('belowMinReceive', () => {
  const c = chain('c1', []);
  it('compares a re-quote ending on the chain\'s asset with the least the review accepted, as integers', () => {
    expect(belowMinReceive({ to: ln, receive: '96999' }, c)).toBe(true);
    expect(belowMinReceive({ to: ln, receive: '97000' }, c)).toBe(false);
    // Longer than a double holds exactly: compared as bigint.
    expect(belowMinReceive({ to: ln, receive: '9007199254740993' }, { to: ln, minReceive: '9007199254740994' })).toBe(true);
  });

  it('does not compare amounts of another asset', () => {
    expect(belowMinReceive({ to: btc, receive: '1' }, c)).toBe(false);
  });
});

describe('groupMoves', () => {
  it('shows each leg hop under its chain, in leg order, and only there', () => {
    const hops = [hop('h2', { chainId: 'c1', leg: 1 }), hop('solo'), hop('h1', { chainId: 'c1', leg: 0 })];
    const g = groupMoves(hops, [chain('c1', ['h1', 'h2'])]);
    expect(g.single.map((h) => h.id)).toEqual(['solo']);
    expect(g.legs.get('c1')!.map((h) => h.id)).toEqual(['h1', 'h2']);
  });

  it('finds a leg by the hop id its chain names even when the hop carries no chain stamp', () => {
    const g = groupMoves([hop('h1')], [chain('c1', ['h1'])]);
    expect(g.single).toEqual([]);
    expect(g.legs.get('c1')!.map((h) => h.id)).toEqual(['h1']);
  });

  it('keeps a leg whose chain is not listed among the single hops, so it is never hidden', () => {
    const g = groupMoves([hop('h1', { chainId: 'gone', leg: 0 })], []);
    expect(g.single.map((h) => h.id)).toEqual(['h1']);
  });

  it('gives a listed chain without hops an empty list', () => {
    expect(groupMoves([], [chain('c1', [undefined])]).legs.get('c1')).toEqual([]);
  });
});

describe('legHop and legOutcome', () => {
  const c = chain('c1', ['h1', undefined]);
  it('takes the hop the chain names, else the one stamped with the chain and leg', () => {
    const hops = [hop('h1', { chainId: 'c1', leg: 0 }), hop('h2', { chainId: 'c1', leg: 1 }), hop('other', { chainId: 'c2', leg: 1 })];
    expect(legHop(c, 0, hops)?.id).toBe('h1');
    expect(legHop(c, 1, hops)?.id).toBe('h2');
    expect(legHop(c, 1, [hop('other', { chainId: 'c2', leg: 1 })])).toBeUndefined();
    expect(legHop(c, 0, [hop('h1-not', { chainId: 'c1', leg: 0 })])).toBeUndefined();
  });

  it('takes whichever of the hop and the chain\'s copy has got further, else waiting', () => {
    const leg = c.legs[0]!;
    expect(legOutcome(leg, hop('h1', { outcome: 'completed' }))).toBe('completed');
    expect(legOutcome({ ...leg, outcome: 'in-progress' }, hop('h1', { outcome: 'refunded' }))).toBe('refunded');
    // A hop record read before the leg ended does not undo the chain's newer copy.
    expect(legOutcome({ ...leg, outcome: 'completed' }, hop('h1', { outcome: 'in-progress' }))).toBe('completed');
    expect(legOutcome(leg, hop('h1'))).toBe('in-progress');
    expect(legOutcome({ ...leg, outcome: 'refunded' }, undefined)).toBe('refunded');
    expect(legOutcome(c.legs[1]!, undefined)).toBe('waiting');
    // Started (the chain names its hop) though the hop's record has not been read yet.
    expect(legOutcome(leg, undefined)).toBe('in-progress');
  });
});

describe('matrixGrid', () => {
  const cell = (from: typeof btc | typeof ln | typeof lbtc | typeof rbtc | typeof sbtc, to: typeof from, kind: RouteMatrixCell['kind']): RouteMatrixCell => ({ from, to, kind, mechanisms: [] });
  it('orders the assets as the wallet lists them and finds each pair\'s cell', () => {
    const cells = [cell(sbtc, ln, 'chained'), cell(ln, sbtc, 'none'), cell(btc, ln, 'direct'), cell(ln, btc, 'direct')];
    const g = matrixGrid(cells);
    expect(g.assets).toEqual([btc, ln, sbtc]);
    expect(g.cell(sbtc, ln)?.kind).toBe('chained');
    expect(g.cell(ln, sbtc)?.kind).toBe('none');
    expect(g.cell(btc, sbtc)).toBeUndefined();
    expect(g.cell(btc, btc)).toBeUndefined();
  });

  it('puts an asset it does not know last instead of dropping it', () => {
    const odd = { layer: 'liquid', asset: 'TEST' } as const;
    const g = matrixGrid([{ from: odd, to: lbtc, kind: 'direct', mechanisms: ['x'] }, cell(btc, lbtc, 'direct')]);
    expect(g.assets).toEqual([btc, lbtc, odd]);
  });
});

describe('cellText', () => {
  it('says how a pair is connected, or why not, in the user\'s language', () => {
    expect(cellText({ from: btc, to: ln, kind: 'direct', mechanisms: ['boltz-submarine'] }, english)).toBe(
      'Bitcoin · BTC → Lightning · sats: direct (Boltz submarine swap)',
    );
    expect(cellText({ from: sbtc, to: ln, kind: 'chained', mechanisms: [], via: [btc] }, english)).toBe('Stacks · sBTC → Lightning · sats: chained, through Bitcoin · BTC');
    expect(cellText({ from: ln, to: sbtc, kind: 'none', mechanisms: [] }, english)).toBe('Lightning · sats → Stacks · sBTC: no route on the selected networks');
    expect(cellText({ from: ln, to: sbtc, kind: 'none', mechanisms: [], reason: { key: 'hopsRestored', params: ['2'] } }, english)).toBe(
      'Lightning · sats → Stacks · sBTC: Found 2 unfinished move(s); they continue on their own.',
    );
  });
});

describe('chainFunds', () => {
  const say = (c: ChainView) => {
    const f = chainFunds(c);
    return f && { text: renderText(f.text, english), where: f.where, amount: f.amount };
  };
  it('names where a stopped chain holds its funds, with the amount it gives', () => {
    const c = chain('c1', ['h1', undefined], { status: 'stopped', current: 1, heldOn: { ...btc, amount: '98000' } });
    expect(say(c)).toEqual({ text: 'The funds wait in your wallet on Bitcoin:', where: btc, amount: '98000' });
    expect(say({ ...c, status: 'left' })).toEqual({ text: 'Kept in your wallet on Bitcoin:', where: btc, amount: '98000' });
  });

  it('without the chain\'s word, names the source layer of the leg it is at, and no amount', () => {
    const stopped = chain('c1', ['h1', undefined], { status: 'stopped', current: 1 });
    expect(say(stopped)).toEqual({ text: 'The funds wait in your wallet on Bitcoin:', where: btc });
    const failed = chain('c1', ['h1'], { status: 'failed', current: 0 });
    expect(say(failed)).toEqual({ text: 'Leg 1 was paid from your wallet on Stacks (sBTC): whatever it returns comes back there; its page shows each step.', where: sbtc });
  });

  it('says nothing for a chain under way or completed', () => {
    expect(chainFunds(chain('c1', ['h1']))).toBeUndefined();
    expect(chainFunds(chain('c1', ['h1'], { status: 'completed', heldOn: { ...btc, amount: '1' } }))).toBeUndefined();
  });
});

describe('chainAtLeg', () => {
  it('is the current leg while running, stopped or failed, and none once completed or left', () => {
    expect(chainAtLeg({ status: 'running', current: 1 })).toBe(1);
    expect(chainAtLeg({ status: 'stopped', current: 1 })).toBe(1);
    expect(chainAtLeg({ status: 'failed', current: 0 })).toBe(0);
    expect(chainAtLeg({ status: 'completed', current: 1 })).toBeUndefined();
    expect(chainAtLeg({ status: 'left', current: 1 })).toBeUndefined();
  });
});
