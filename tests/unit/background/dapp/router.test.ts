/** The background router driven with an in-test family: origins, method lists, connect first, unlock first, error shapes. */
import { describe, expect, it } from 'vitest';
import { ApprovalQueue } from '../../../../src/background/dapp/approvals';
import { ConnectionStore } from '../../../../src/background/dapp/connections';
import { DappRouter, type DappWallet } from '../../../../src/background/dapp/router';
import { DappError, type FamilyHandler } from '../../../../src/dapp/family';
import type { DappRefusal } from '../../../../src/shared/dapp/protocol';
import { DAPP_TAG } from '../../../../src/shared/dapp/protocol';
import { PRESETS } from '../../../../src/shared/networks';
import { MemoryArea } from '../../../helpers/memory-ports';

const CODES: Record<DappRefusal, number> = { user_rejected: 4001, unauthorized: 4100, unsupported_method: 4200, invalid_params: -32602, wrong_network: 4901, disconnected: 4900, busy: -32005, internal: -32603 };

function family(calls: string[]): FamilyHandler<'bitcoin'> {
  return {
    family: 'bitcoin',
    layer: 'bitcoin',
    open: ['getInfo'],
    connecting: ['getAddresses'],
    grants: () => [{ key: 'grant_addresses' }],
    connectContent: async (ctx) => {
      calls.push(`connectContent:${ctx.account.value}`);
      return { summary: { key: 'connect' }, sections: [{ title: { key: 't' }, rows: [{ kind: 'address', label: { key: 'a' }, value: ctx.account.value, ours: true }] }] };
    },
    methods: {
      getInfo: async (_p, ctx) => ({ network: ctx.preset.id }),
      getAddresses: async (_p, ctx) => [ctx.account.value],
      signMessage: async (params, ctx) => {
        await ctx.approve('signMessage', { summary: { key: 'sign' }, sections: [] });
        calls.push(`signed:${JSON.stringify(params)}`);
        return 'sig';
      },
      refuse: async () => {
        throw new DappError('invalid_params', 'bad psbt', { field: 'psbt' });
      },
      crash: async () => {
        throw new Error('secret xprv at /home/user/key');
      },
    },
    error: (refusal, message, data) => ({ code: CODES[refusal], message, ...(data === undefined ? {} : { data }) }),
  };
}

function setup(opts: { unlocked?: boolean } = {}) {
  const calls: string[] = [];
  const state = { unlocked: opts.unlocked ?? true };
  const preset = PRESETS.bitcoin[0]!;
  const wallet: DappWallet = {
    isUnlocked: async () => state.unlocked,
    preset: async () => preset as never,
    account: async () => {
      if (!state.unlocked) throw new Error('locked');
      return { layer: 'bitcoin', network: preset.id, networkLabel: preset.label, kind: 'address', value: 'tb1qours', path: "m/84'/1'/0'/0/0", alternates: [] };
    },
    service: async () => {
      throw new Error('not in this test');
    },
    deps: async () => {
      throw new Error('not in this test');
    },
  };
  const windows = { opened: 0, listeners: [] as ((id: number) => void)[] };
  const approvals = new ApprovalQueue(
    { open: async () => ++windows.opened, focus: async () => undefined, onRemoved: (l) => windows.listeners.push(l) },
    wallet.isUnlocked,
  );
  const connections = new ConnectionStore(new MemoryArea(), () => 1234);
  const router = new DappRouter({ bitcoin: family(calls) as unknown as FamilyHandler }, connections, approvals, wallet, 'ext');
  const sender = (url = 'https://app.example/') => ({ id: 'ext', url, frameId: 0, tab: { id: 1, url } });
  const ask = (method: string, params?: unknown, url?: string) => router.handle({ tag: DAPP_TAG, family: 'bitcoin', method, params }, sender(url));
  /** Waits for the router to queue its approval (it reads storage and builds content first), as the window's opening does. */
  const shownNow = async () => {
    while (!approvals.waiting() || windows.opened === 0) await new Promise((r) => setTimeout(r, 1));
    return approvals.pending();
  };
  const decide = async (approve: boolean) => {
    const view = await shownNow();
    if (!view) throw new Error('nothing shown');
    await approvals.decide(view.id, approve);
    return view;
  };
  const closeWindow = () => windows.listeners.forEach((l) => l(windows.opened));
  return { calls, state, approvals, connections, router, ask, decide, shownNow, windows, closeWindow, sender };
}

describe('dApp router', () => {
  it('answers an open method without a connection, a window or an unlock', async () => {
    const h = setup({ unlocked: false });
    expect(await h.ask('getInfo')).toEqual({ result: { network: PRESETS.bitcoin[0]!.id } });
    expect(h.windows.opened).toBe(0);
  });

  it('refuses a method the family does not list with its unsupported code, inherited names included', async () => {
    const h = setup();
    for (const m of ['eth_sign', 'toString', '__proto__', 'constructor']) expect(await h.ask(m)).toEqual({ error: expect.objectContaining({ code: 4200 }) });
  });

  it('refuses an unknown or absent family with the generic unsupported code', async () => {
    const h = setup();
    const reply = await h.router.handle({ tag: DAPP_TAG, family: 'liquid', method: 'getAddress' }, h.sender());
    expect(reply).toEqual({ error: { code: -32601, message: expect.any(String), data: { refusal: 'unsupported_method' } } });
    expect(await h.router.handle({ tag: DAPP_TAG, family: 'nope' as never, method: 'x' }, h.sender())).toMatchObject({ error: { code: -32601 } });
  });

  it('refuses a non-connecting method from a site that is not connected, with no window', async () => {
    const h = setup();
    expect(await h.ask('signMessage', { message: 'hi' })).toMatchObject({ error: { code: 4100 } });
    expect(h.windows.opened).toBe(0);
    expect(h.calls).toEqual([]);
  });

  it('refuses insecure origins before anything else', async () => {
    const h = setup();
    expect(await h.ask('getInfo', undefined, 'http://app.example/')).toMatchObject({ error: { code: 4100 } });
  });

  it('connects through one approval, stores the connection with its grants, then runs the method; later methods need no connect', async () => {
    const h = setup();
    const reply = h.ask('getAddresses');
    const shown = await h.decide(true);
    expect(shown).toMatchObject({ origin: 'https://app.example', family: 'bitcoin', method: 'connect', sections: [{ rows: [{ value: 'tb1qours', ours: true }] }] });
    expect(await reply).toEqual({ result: ['tb1qours'] });
    expect(await h.connections.list()).toEqual([{ origin: 'https://app.example', family: 'bitcoin', layer: 'bitcoin', grants: [{ key: 'grant_addresses' }], connectedAt: 1234 }]);
    const signed = h.ask('signMessage', { message: 'hi' });
    const view = await h.decide(true);
    expect(view.method).toBe('signMessage');
    expect(await signed).toEqual({ result: 'sig' });
    // Another origin is still a stranger.
    expect(await h.ask('signMessage', {}, 'https://other.example/')).toMatchObject({ error: { code: 4100 } });
  });

  it('two connecting requests at once ask the user once and both get the answer', async () => {
    const h = setup();
    const first = h.ask('getAddresses');
    const second = h.ask('getAddresses');
    const shown = await h.decide(true);
    expect(shown.queued).toBe(0);
    expect([await first, await second]).toEqual([{ result: ['tb1qours'] }, { result: ['tb1qours'] }]);
    expect(h.calls).toEqual(['connectContent:tb1qours']);
  });

  it('a rejected connect stores nothing and answers user_rejected', async () => {
    const h = setup();
    const reply = h.ask('getAddresses');
    await h.decide(false);
    expect(await reply).toMatchObject({ error: { code: 4001 } });
    expect(await h.connections.list()).toEqual([]);
  });

  it('closing the window answers user_rejected', async () => {
    const h = setup();
    await h.connections.add('https://app.example', 'bitcoin', []);
    const reply = h.ask('signMessage', {});
    await h.shownNow();
    h.closeWindow();
    expect(await reply).toMatchObject({ error: { code: 4001 } });
    expect(h.calls).toEqual([]);
  });

  it('after Disconnect the site is unauthorized again', async () => {
    const h = setup();
    await h.connections.add('https://app.example', 'bitcoin', []);
    const gone: string[] = [];
    h.connections.onDisconnect((origin, fam) => gone.push(`${fam} ${origin}`));
    expect(await h.connections.remove('https://app.example', 'bitcoin')).toEqual([]);
    expect(gone).toEqual(['bitcoin https://app.example']);
    expect(await h.ask('signMessage', {})).toMatchObject({ error: { code: 4100 } });
  });

  it('a locked wallet asks for Unlock first and builds the content only after it', async () => {
    const h = setup({ unlocked: false });
    const reply = h.ask('getAddresses');
    while (h.windows.opened === 0) await new Promise((r) => setTimeout(r, 1));
    expect(h.approvals.waiting()).toMatchObject({ origin: 'https://app.example', method: 'getAddresses' });
    expect(h.calls).toEqual([]);
    h.state.unlocked = true;
    h.approvals.unlocked();
    await h.decide(true);
    expect(await reply).toEqual({ result: ['tb1qours'] });
    expect(h.calls).toEqual(['connectContent:tb1qours']);
    expect(h.windows.opened).toBe(1);
  });

  it("turns a family's DappError into its standard error, and anything else into internal without its text", async () => {
    const h = setup();
    await h.connections.add('https://app.example', 'bitcoin', []);
    expect(await h.ask('refuse')).toEqual({ error: { code: -32602, message: 'bad psbt', data: { field: 'psbt' } } });
    const crashed = await h.ask('crash');
    expect(crashed).toMatchObject({ error: { code: -32603 } });
    expect(JSON.stringify(crashed)).not.toMatch(/xprv|home|Error/);
  });
});
