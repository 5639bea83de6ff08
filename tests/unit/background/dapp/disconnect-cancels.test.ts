/**
 * Disconnect in Settings ends what the site already asked: the request shown in the
 * approval window and those queued behind it (or waiting for Unlock) are answered
 * "unauthorized", and the window moves on to the next site's request.
 */
import { describe, expect, it } from 'vitest';
import { DappCore } from '../../../../src/background/dapp';
import type { DappWallet } from '../../../../src/background/dapp/router';
import type { FamilyHandler } from '../../../../src/dapp/family';
import { DAPP_TAG, type DappRefusal } from '../../../../src/shared/dapp/protocol';
import { PRESETS } from '../../../../src/shared/networks';
import { MemoryArea } from '../../../helpers/memory-ports';

const CODES: Partial<Record<DappRefusal, number>> = { user_rejected: 4001, unauthorized: 4100 };
const APP = 'https://app.example';
const OTHER = 'https://other.example';

function setup(unlocked = true) {
  const signed: string[] = [];
  const fam: FamilyHandler<'bitcoin'> = {
    family: 'bitcoin',
    layer: 'bitcoin',
    open: [],
    connecting: [],
    grants: () => [],
    connectContent: async () => ({ summary: { key: 'connect' }, sections: [] }),
    methods: {
      signMessage: async (params, ctx) => {
        await ctx.approve('signMessage', { summary: { key: 'sign' }, sections: [] });
        signed.push(`${ctx.origin} ${JSON.stringify(params)}`);
        return 'sig';
      },
    },
    error: (refusal, message) => ({ code: CODES[refusal] ?? -1, message }),
  };
  const state = { unlocked };
  const preset = PRESETS.bitcoin[0]!;
  const wallet: DappWallet = {
    isUnlocked: async () => state.unlocked,
    preset: async () => preset as never,
    account: async () => ({ layer: 'bitcoin', network: preset.id, networkLabel: preset.label, kind: 'address', value: 'tb1qours', path: "m/84'/1'/0'/0/0", alternates: [] }),
    service: async () => {
      throw new Error('not in this test');
    },
    deps: async () => {
      throw new Error('not in this test');
    },
  };
  let opened = 0;
  const windows = { open: async () => ++opened, focus: async () => undefined, onRemoved: () => undefined };
  const core = new DappCore({ local: new MemoryArea(), now: () => 1, windows, wallet, selfId: 'ext', families: { bitcoin: fam as unknown as FamilyHandler } });
  const ask = (origin: string, params: unknown) =>
    core.router.handle({ tag: DAPP_TAG, family: 'bitcoin', method: 'signMessage', params }, { id: 'ext', url: `${origin}/`, frameId: 0, tab: { id: 1, url: `${origin}/` } });
  const waitFor = async (n: number) => {
    for (;;) {
      const w = core.approvals.waiting();
      if (w && w.queued + 1 >= n) return;
      await new Promise((r) => setTimeout(r, 1));
    }
  };
  return { core, ask, waitFor, signed, state };
}

describe('Disconnect and the approval window', () => {
  it("answers the site's shown and queued requests unauthorized, and the window shows the next site's", async () => {
    const h = setup();
    await h.core.connections.add(APP, 'bitcoin', []);
    await h.core.connections.add(OTHER, 'bitcoin', []);
    const shown = h.ask(APP, 1);
    await h.waitFor(1);
    const queued = h.ask(APP, 2);
    await h.waitFor(2);
    const other = h.ask(OTHER, 3);
    await h.waitFor(3);
    expect((await h.core.approvals.pending())?.origin).toBe(APP);

    await h.core.connections.remove(APP, 'bitcoin');
    expect(await shown).toMatchObject({ error: { code: 4100 } });
    expect(await queued).toMatchObject({ error: { code: 4100 } });
    const next = await h.core.approvals.pending();
    expect(next).toMatchObject({ origin: OTHER, queued: 0 });
    await h.core.approvals.decide(next!.id, true);
    expect(await other).toEqual({ result: 'sig' });
    expect(h.signed).toEqual([`${OTHER} 3`]);
  });

  it('answers a request of the site waiting for Unlock unauthorized', async () => {
    const h = setup(false);
    await h.core.connections.add(APP, 'bitcoin', []);
    const waiting = h.ask(APP, 1);
    await h.waitFor(1);
    await h.core.connections.remove(APP, 'bitcoin');
    expect(await waiting).toMatchObject({ error: { code: 4100 } });
    expect(h.core.approvals.waiting()).toBeNull();
    expect(h.signed).toEqual([]);
  });
});
