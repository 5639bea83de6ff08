/** Events to pages: to the frames that asked from that origin, and on Disconnect as the family says. */
import { describe, expect, it } from 'vitest';
import { DappCore } from '../../../../src/background/dapp';
import { MAX_FRAMES_PER_ORIGIN, PageEvents } from '../../../../src/background/dapp/page-events';
import type { DappWallet } from '../../../../src/background/dapp/router';
import type { FamilyHandler } from '../../../../src/dapp/family';
import { DAPP_TAG } from '../../../../src/shared/dapp/protocol';
import { PRESETS } from '../../../../src/shared/networks';
import { MemoryArea } from '../../../helpers/memory-ports';

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
});
