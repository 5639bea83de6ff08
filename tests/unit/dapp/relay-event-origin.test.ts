/**
 * Events are remembered per tab and frame; a frame may since have navigated to another
 * site. The content script posts an event only to the origin it was meant for.
 */
import { describe, expect, it } from 'vitest';
import { PageEvents } from '../../../src/background/dapp/page-events';
import { startRelay } from '../../../src/content/relay';
import { DAPP_TAG } from '../../../src/shared/dapp/protocol';

function relayAt(origin: string) {
  const posted: unknown[] = [];
  const win = { location: { origin }, addEventListener: () => undefined, postMessage: (m: unknown) => posted.push(m) };
  let deliver: (m: unknown, s: { id?: string }) => void = () => undefined;
  startRelay(win as unknown as Window, { id: 'ext', sendMessage: async () => ({ result: null }), onMessage: { addListener: (l) => (deliver = l) } });
  return { posted, deliver: (m: unknown) => deliver(m, { id: 'ext' }) };
}

describe('page events and navigation', () => {
  it("an event for a site does not reach the site now in that frame", async () => {
    // The background's side: what it sends to a frame remembered for a.example.
    const wire: unknown[] = [];
    const events = new PageEvents({ send: async (_tab, _frame, message, origin) => void wire.push({ ...message, origin }) });
    events.remember('https://a.example', 1, 0);
    await events.emit('https://a.example', 'rootstock', 'accountsChanged', ['0xabc']);
    expect(wire).toEqual([{ tag: DAPP_TAG, dir: 'event', family: 'rootstock', event: 'accountsChanged', data: ['0xabc'], origin: 'https://a.example' }]);

    const navigated = relayAt('https://b.example');
    navigated.deliver(wire[0]);
    expect(navigated.posted).toEqual([]);
    const same = relayAt('https://a.example');
    same.deliver(wire[0]);
    expect(same.posted).toEqual([{ tag: DAPP_TAG, dir: 'event', family: 'rootstock', event: 'accountsChanged', data: ['0xabc'] }]);
  });
});
