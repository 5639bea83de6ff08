/**
 * A content script left in a page after the extension was reloaded or updated: the
 * browser throws at once from runtime.sendMessage ("Extension context invalidated").
 * The page must still get an answer, and the relay's count of open requests must not leak.
 */
import { describe, expect, it } from 'vitest';
import { startRelay } from '../../../src/content/relay';
import { DAPP_TAG, MAX_OPEN_REQUESTS } from '../../../src/shared/dapp/protocol';

describe('content-script relay, orphaned', () => {
  it('answers disconnected when sendMessage throws, as often as the page asks', async () => {
    const listeners: ((e: { source: unknown; data: unknown }) => void)[] = [];
    const posted: any[] = [];
    const win = {
      location: { origin: 'https://app.example' },
      addEventListener: (_: string, l: (e: { source: unknown; data: unknown }) => void) => listeners.push(l),
      postMessage: (message: unknown) => posted.push(message),
    };
    const runtime = {
      id: 'ext',
      sendMessage: (): Promise<unknown> => {
        throw new Error('Extension context invalidated.');
      },
      onMessage: { addListener: () => undefined },
    };
    startRelay(win as unknown as Window, runtime);
    const asks = MAX_OPEN_REQUESTS + 2;
    for (let i = 0; i < asks; i++) {
      for (const l of listeners) {
        try {
          l({ source: win, data: { tag: DAPP_TAG, dir: 'request', id: `p.${i}`, family: 'webln', method: 'getInfo' } });
        } catch {
          // What a throwing listener does in a browser: reported, and the page hears nothing.
        }
      }
      // One after another: each answered before the next, so none is over the cap unless the count leaks.
      await new Promise((r) => setTimeout(r, 0));
    }
    expect(posted).toHaveLength(asks);
    for (const m of posted) expect(m).toMatchObject({ tag: DAPP_TAG, dir: 'reply', error: { code: 4900 } });
  });
});
