/**
 * Methods a site may call without connecting get public data only: never the layer's
 * service or key tree (which would also tell a stranger whether the wallet is locked).
 */
import { describe, expect, it } from 'vitest';
import { ApprovalQueue } from '../../../../src/background/dapp/approvals';
import { ConnectionStore } from '../../../../src/background/dapp/connections';
import { DappRouter, type DappWallet } from '../../../../src/background/dapp/router';
import type { FamilyHandler } from '../../../../src/dapp/family';
import { DAPP_TAG } from '../../../../src/shared/dapp/protocol';
import { PRESETS } from '../../../../src/shared/networks';
import { MemoryArea } from '../../../helpers/memory-ports';

describe('dApp router: open methods', () => {
  it('refuses the service and the key tree to a method answered without a connection, locked or not', async () => {
    const reached: string[] = [];
    const fam: FamilyHandler<'bitcoin'> = {
      family: 'bitcoin',
      layer: 'bitcoin',
      open: ['viaService', 'viaDeps'],
      connecting: [],
      grants: () => [],
      connectContent: async () => ({ summary: { key: 'connect' }, sections: [] }),
      methods: {
        viaService: async (_p, ctx) => typeof (await ctx.service()),
        viaDeps: async (_p, ctx) => typeof (await ctx.deps()),
      },
      error: (refusal, message) => ({ code: refusal === 'unauthorized' ? 4100 : -1, message }),
    };
    const state = { unlocked: true };
    const preset = PRESETS.bitcoin[0]!;
    const wallet: DappWallet = {
      isUnlocked: async () => state.unlocked,
      preset: async () => preset as never,
      account: async () => {
        throw new Error('not in this test');
      },
      service: async () => {
        if (!state.unlocked) throw new Error('locked');
        reached.push('service');
        return {} as never;
      },
      deps: async () => {
        if (!state.unlocked) throw new Error('locked');
        reached.push('deps');
        return {} as never;
      },
    };
    const approvals = new ApprovalQueue({ open: async () => 1, focus: async () => undefined, onRemoved: () => undefined }, wallet.isUnlocked);
    const router = new DappRouter({ bitcoin: fam as unknown as FamilyHandler }, new ConnectionStore(new MemoryArea(), () => 1), approvals, wallet, 'ext');
    const sender = { id: 'ext', url: 'https://stranger.example/', frameId: 0, tab: { id: 1, url: 'https://stranger.example/' } };
    const answers = async () => [await router.handle({ tag: DAPP_TAG, family: 'bitcoin', method: 'viaService' }, sender), await router.handle({ tag: DAPP_TAG, family: 'bitcoin', method: 'viaDeps' }, sender)];
    const unlocked = await answers();
    state.unlocked = false;
    const locked = await answers();
    for (const reply of [...unlocked, ...locked]) expect(reply).toMatchObject({ error: { code: 4100 } });
    // Locked or not, the same answer: nothing to tell them apart.
    expect(locked).toEqual(unlocked);
    expect(reached).toEqual([]);
  });
});
