/** The approval queue: one window, order, close rejects, unlock first, the per-origin cap. */
import { describe, expect, it } from 'vitest';
import { ApprovalQueue, MAX_WAITING_PER_ORIGIN, type ApprovalRequest, type WindowPort } from '../../../../src/background/dapp/approvals';
import { DappError } from '../../../../src/dapp/family';

function windows() {
  let next = 100;
  const removed: ((id: number) => void)[] = [];
  const port = {
    opened: [] as number[],
    focused: [] as number[],
    open: async () => {
      port.opened.push(++next);
      return next;
    },
    focus: async (id: number) => void port.focused.push(id),
    onRemoved: (l: (id: number) => void) => removed.push(l),
    close: (id: number) => removed.forEach((l) => l(id)),
  };
  return port satisfies WindowPort & Record<string, unknown>;
}

const req = (origin: string, method = 'signPsbt'): ApprovalRequest => ({
  origin,
  family: 'bitcoin',
  layer: 'bitcoin',
  network: { preset: 'devnet', name: 'Local devnet' },
  method,
  content: { summary: { key: 'x' }, sections: [] },
});

function setup(unlocked = true) {
  const w = windows();
  let ids = 0;
  const state = { unlocked };
  const q = new ApprovalQueue(w, async () => state.unlocked, () => `r${++ids}`);
  const settled = (p: Promise<void>) => p.then(() => 'approved', (e) => (e instanceof DappError ? e.refusal : 'other'));
  const flush = () => new Promise((r) => setTimeout(r, 0));
  /** As the router asks: one request that ends with its answer. */
  const ask = (origin: string, method = 'signPsbt') => {
    const ticket = q.begin(origin, 'bitcoin', method);
    return settled(q.ask(ticket, req(origin, method)).finally(() => q.end(ticket)));
  };
  return { w, q, state, settled, flush, ask };
}

describe('approval queue', () => {
  it('opens one window for many requests and shows them in order, with the count behind', async () => {
    const { w, q, flush, ask } = setup();
    const a = ask('https://a.example');
    const b = ask('https://b.example', 'sendTransfer');
    await flush();
    const c = ask('https://a.example', 'signMessage');
    await flush();
    expect(w.opened).toEqual([101]);
    expect(w.focused).toEqual([101]);
    const first = await q.pending();
    expect(first).toMatchObject({ id: 'r1', origin: 'https://a.example', method: 'signPsbt', queued: 2, network: { name: 'Local devnet' } });
    const second = await q.decide('r1', true);
    expect(second).toMatchObject({ id: 'r2', origin: 'https://b.example', queued: 1 });
    expect(await q.decide('r2', false)).toMatchObject({ id: 'r3', queued: 0 });
    expect([await a, await b]).toEqual(['approved', 'user_rejected']);
    expect(await q.decide('r3', true)).toBeNull();
    expect(await c).toBe('approved');
  });

  it('closing the window rejects the request shown and every queued one; a later request opens a new window', async () => {
    const { w, q, flush, ask } = setup();
    const shown = ask('https://a.example');
    const queued = ask('https://b.example');
    await flush();
    w.close(101);
    expect([await shown, await queued]).toEqual(['user_rejected', 'user_rejected']);
    expect(await q.pending()).toBeNull();
    const later = ask('https://a.example');
    await flush();
    expect(w.opened).toEqual([101, 102]);
    expect(await q.decide((await q.pending())!.id, true)).toBeNull();
    expect(await later).toBe('approved');
  });

  it('closing a window the queue already let go of rejects nothing new', async () => {
    const { w, q, settled, flush } = setup();
    const t = q.begin('https://a.example', 'bitcoin', 'x');
    const first = settled(q.ask(t, req('https://a.example')));
    await flush();
    q.end(t); // the request ended after its answer
    expect(await q.decide('r1', true)).toBeNull();
    expect(await first).toBe('approved');
    // A new request arrives just before the old window's close is reported.
    const next = settled(q.ask(q.begin('https://a.example', 'bitcoin', 'x'), req('https://a.example')));
    w.close(101);
    await flush();
    expect(w.opened).toEqual([101, 102]);
    expect(await q.pending()).toMatchObject({ id: 'r2' });
    await q.decide('r2', false);
    expect(await next).toBe('user_rejected');
  });

  it(`refuses a site's requests beyond ${MAX_WAITING_PER_ORIGIN} waiting with busy, without touching the window; others still get in`, async () => {
    const { w, q, settled, flush } = setup();
    const waiting = Array.from({ length: MAX_WAITING_PER_ORIGIN }, () => settled(q.ask(q.begin('https://spam.example', 'bitcoin', 'x'), req('https://spam.example'))));
    await flush();
    expect(() => q.ask(q.begin('https://spam.example', 'bitcoin', 'x'), req('https://spam.example'))).toThrow(DappError);
    try {
      q.ask(q.begin('https://spam.example', 'bitcoin', 'x'), req('https://spam.example'));
    } catch (err) {
      expect((err as DappError).refusal).toBe('busy');
    }
    void settled(q.ask(q.begin('https://other.example', 'bitcoin', 'x'), req('https://other.example')));
    await flush();
    expect(w.opened).toEqual([101]);
    expect((await q.pending())!.queued).toBe(MAX_WAITING_PER_ORIGIN);
    w.close(101);
    expect(new Set(await Promise.all(waiting))).toEqual(new Set(['user_rejected']));
  });

  it('a locked wallet: the window opens for Unlock naming the origin; unlock lets the request go on and the window waits for its content', async () => {
    const { w, q, state, flush } = setup(false);
    const ticket = q.begin('https://a.example', 'stacks', 'stx_transferStx');
    let unlocked = false;
    const wait = q.waitUnlock(ticket).then(() => (unlocked = true));
    await flush();
    expect(w.opened).toEqual([101]);
    expect(q.waiting()).toEqual({ origin: 'https://a.example', family: 'stacks', method: 'stx_transferStx', queued: 0 });
    state.unlocked = true;
    q.unlocked();
    await wait;
    expect(unlocked).toBe(true);
    // The window asks before the family built its content: it waits for it instead of closing.
    const shown = q.pending();
    const answer = q.ask(ticket, { ...req('https://a.example'), family: 'stacks', layer: 'stacks' });
    expect(await shown).toMatchObject({ origin: 'https://a.example', family: 'stacks' });
    const next = q.decide('r1', true);
    await answer;
    q.end(ticket);
    expect(await next).toBeNull();
  });

  it('closing the window while it asks for Unlock rejects the wait', async () => {
    const { w, q, flush } = setup(false);
    const wait = q.waitUnlock(q.begin('https://a.example', 'webln', 'sendPayment')).then(
      () => 'unlocked',
      (e: DappError) => e.refusal,
    );
    await flush();
    w.close(101);
    expect(await wait).toBe('user_rejected');
  });

  it('an unlock made elsewhere (the toolbar popup) is noticed when the window asks', async () => {
    const { q, state } = setup(false);
    const ticket = q.begin('https://a.example', 'webln', 'sendPayment');
    const wait = q.waitUnlock(ticket);
    state.unlocked = true;
    const shown = q.pending();
    await wait;
    q.end(ticket);
    expect(await shown).toBeNull();
  });

  it('deciding an id that is not waiting fails with a keyed error and changes nothing', async () => {
    const { q, settled, flush } = setup();
    const a = settled(q.ask(q.begin('https://a.example', 'bitcoin', 'x'), req('https://a.example')));
    await flush();
    await expect(q.decide('nope', true)).rejects.toMatchObject({ code: 'not_found', text: { key: 'err_dapp_request_gone' } });
    expect(await q.pending()).toMatchObject({ id: 'r1' });
    await q.decide('r1', false);
    expect(await a).toBe('user_rejected');
  });
});
