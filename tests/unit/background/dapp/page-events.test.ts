/** Events to pages: to the frames that asked from that origin, and on Disconnect as the family says. */
import { describe, expect, it } from 'vitest';
import { DappCore } from '../../../../src/background/dapp';
import { MAX_FRAMES_PER_ORIGIN, PageEvents } from '../../../../src/background/dapp/page-events';
import type { DappWallet } from '../../../../src/background/dapp/router';
import type { FamilyHandler } from '../../../../src/dapp/family';
import { DAPP_TAG } from '../../../../src/shared/dapp/protocol';
import { PRESETS } from '../../../../src/shared/networks';
import { MemoryArea } from '../../../helpers/memory-ports';
import { SettingsStore } from '../../../../src/background/settings-store';

function tabs(closed = new Set<number>()) {
  const sent: { tabId: number; frameId: number; message: unknown }[] = [];
  return {
    sent,
    send: async (tabId: number, frameId: number, message: unknown) => {
      if (closed.has(tabId)) throw new Error('Could not establish connection. Receiving end does not exist.');
      sent.push({ tabId, frameId, message });
    },
  };
}

describe('page events', () => {
  it("reach only the origin's remembered frames; a closed tab is forgotten", async () => {
    const closed = new Set<number>();
    const port = tabs(closed);
    const events = new PageEvents(port);
    events.remember('https://a.example', 1, 0);
    events.remember('https://a.example', 2, 5);
    events.remember('https://b.example', 3, 0);
    closed.add(2);
    await events.emit('https://a.example', 'rootstock', 'chainChanged', '0x1f');
    expect(port.sent).toEqual([{ tabId: 1, frameId: 0, message: { tag: DAPP_TAG, dir: 'event', family: 'rootstock', event: 'chainChanged', data: '0x1f' } }]);
    closed.delete(2);
    port.sent.length = 0;
    await events.emit('https://a.example', 'rootstock', 'chainChanged', '0x1f');
    expect(port.sent.map((s) => s.tabId)).toEqual([1]);
  });

  it(`remembers at most ${MAX_FRAMES_PER_ORIGIN} frames per origin, the latest`, async () => {
    const port = tabs();
    const events = new PageEvents(port);
    for (let i = 0; i < MAX_FRAMES_PER_ORIGIN + 10; i++) events.remember('https://a.example', 1, i);
    await events.emit('https://a.example', 'webln', 'x', null);
    expect(port.sent).toHaveLength(MAX_FRAMES_PER_ORIGIN);
    expect(port.sent[0]!.frameId).toBe(10);
  });

  it("a Disconnect sends the family's disconnect events to that origin's frames that asked", async () => {
    const port = tabs();
    const preset = PRESETS.rootstock[0]!;
    const wallet: DappWallet = {
      isUnlocked: async () => true,
      preset: async () => preset as never,
      account: async () => ({ layer: 'rootstock', network: preset.id, networkLabel: preset.label, kind: 'address', value: '0xours', path: '', alternates: [] }),
      service: async () => undefined as never,
      deps: async () => undefined as never,
    };
    const family = {
      family: 'rootstock',
      layer: 'rootstock',
      open: ['eth_chainId'],
      connecting: [],
      grants: () => [],
      connectContent: async () => ({ summary: { key: 's' }, sections: [] }),
      methods: { eth_chainId: async () => '0x1f' },
      disconnectEvents: () => [{ event: 'accountsChanged', data: [] }],
      error: (_r, message) => ({ code: 4100, message }),
    } satisfies FamilyHandler<'rootstock'>;
    const core = new DappCore({
      local: new MemoryArea(),
      now: () => 1,
      windows: { open: async () => 1, focus: async () => undefined, onRemoved: () => undefined },
      tabs: port,
      wallet,
      selfId: 'ext',
      families: { rootstock: family as unknown as FamilyHandler },
    });
    const url = 'https://a.example/';
    expect(await core.router.handle({ tag: DAPP_TAG, family: 'rootstock', method: 'eth_chainId' }, { id: 'ext', url, frameId: 0, tab: { id: 7, url } })).toEqual({ result: '0x1f' });
    await core.connections.add('https://a.example', 'rootstock', []);
    await core.handlers()['dapp.disconnect']({ origin: 'https://a.example', family: 'rootstock' });
    await expect.poll(() => port.sent).toEqual([{ tabId: 7, frameId: 0, message: { tag: DAPP_TAG, dir: 'event', family: 'rootstock', event: 'accountsChanged', data: [] } }]);
  });

  it("a network switch, by a family's approved request or in Settings: every frame that asked, of any origin, hears the family's network events", async () => {
    const port = tabs();
    const settings = new SettingsStore(new MemoryArea());
    await settings.update({ networks: { rootstock: 'testnet' } });
    const preset = PRESETS.rootstock[0]!;
    const wallet: DappWallet = {
      isUnlocked: async () => true,
      preset: async () => preset as never,
      account: async () => ({ layer: 'rootstock', network: preset.id, networkLabel: preset.label, kind: 'address', value: '0xours', path: '', alternates: [] }),
      service: async () => undefined as never,
      deps: async () => undefined as never,
      selectPreset: async (layer, id) => void (await settings.update({ networks: { [layer]: id } })),
    };
    const family = {
      family: 'rootstock',
      layer: 'rootstock',
      open: ['eth_chainId'],
      connecting: [],
      grants: () => [],
      connectContent: async () => ({ summary: { key: 's' }, sections: [] }),
      methods: {
        eth_chainId: async () => '0x1f',
        switch: async (_p, ctx) => {
          await ctx.selectPreset!('devnet');
          return null;
        },
      },
      networkEvents: (p) => [{ event: 'chainChanged', data: `0x${p.params.chainId.toString(16)}` }],
      error: (_r, message) => ({ code: 4100, message }),
    } satisfies FamilyHandler<'rootstock'>;
    const core = new DappCore({
      local: new MemoryArea(),
      now: () => 1,
      windows: { open: async () => 1, focus: async () => undefined, onRemoved: () => undefined },
      tabs: port,
      wallet,
      selfId: 'ext',
      families: { rootstock: family as unknown as FamilyHandler },
    });
    settings.onChange((before, after) => core.settingsChanged(before, after));
    const ask = (url: string, tabId: number, method: string) => core.router.handle({ tag: DAPP_TAG, family: 'rootstock', method }, { id: 'ext', url, frameId: 0, tab: { id: tabId, url } });
    await ask('https://b.example/', 8, 'eth_chainId');
    await core.connections.add('https://a.example', 'rootstock', []);
    expect(await ask('https://a.example/', 7, 'switch')).toEqual({ result: null });
    expect((await settings.get()).networks.rootstock).toBe('devnet');
    const changed = (data: string) => ({ tag: DAPP_TAG, dir: 'event', family: 'rootstock', event: 'chainChanged', data });
    await expect.poll(() => port.sent.map((s) => s.tabId).sort()).toEqual([7, 8]);
    expect(port.sent.map((s) => s.message)).toEqual([changed('0x21'), changed('0x21')]);

    // Settings: another layer's network, or the same network again, says nothing; switching back does.
    port.sent.length = 0;
    await settings.update({ networks: { bitcoin: 'devnet', rootstock: 'devnet' } });
    await settings.update({ networks: { rootstock: 'testnet' } });
    await expect.poll(() => port.sent.length).toBe(2);
    expect(port.sent.map((s) => s.message)).toEqual([changed('0x1f'), changed('0x1f')]);
  });
});
