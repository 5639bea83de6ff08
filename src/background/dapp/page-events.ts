/**
 * Events the wallet sends pages unasked (EIP-1193 `accountsChanged`, `chainChanged`,
 * `disconnect`): to every frame that asked from that origin since the worker started,
 * through our content script there (tabs.sendMessage with the frame id). Frames are
 * remembered in memory only: after a worker restart a page hears again once it asks.
 */
import { DAPP_TAG, type DappFamily, type PageEvent } from '../../shared/dapp/protocol';

export interface TabPort {
  /** `origin`: whom the event is for; the content script drops it in a frame that has since navigated elsewhere. */
  send(tabId: number, frameId: number, message: PageEvent, origin: string): Promise<void>;
}

/** Frames remembered per origin; a page that asks from many frames cannot grow it without bound. */
export const MAX_FRAMES_PER_ORIGIN = 32;

export class PageEvents {
  private readonly frames = new Map<string, Map<string, { tabId: number; frameId: number }>>();

  constructor(private readonly tabs: TabPort) {}

  remember(origin: string, tabId: number, frameId: number): void {
    let known = this.frames.get(origin);
    if (!known) this.frames.set(origin, (known = new Map()));
    const key = `${tabId}:${frameId}`;
    known.delete(key);
    known.set(key, { tabId, frameId });
    // Oldest first out.
    while (known.size > MAX_FRAMES_PER_ORIGIN) known.delete(known.keys().next().value!);
  }

  /** Sends to every remembered frame of every origin (a network the wallet switched is every site's). */
  async emitAll(family: DappFamily, event: string, data: unknown): Promise<void> {
    await Promise.all([...this.frames.keys()].map((origin) => this.emit(origin, family, event, data)));
  }

  /** Sends to every remembered frame of `origin`; a closed tab or a navigated frame is forgotten. */
  async emit(origin: string, family: DappFamily, event: string, data: unknown): Promise<void> {
    const known = this.frames.get(origin);
    if (!known) return;
    const message: PageEvent = { tag: DAPP_TAG, dir: 'event', family, event, data };
    await Promise.all(
      [...known].map(([key, { tabId, frameId }]) =>
        this.tabs.send(tabId, frameId, message, origin).catch(() => {
          known.delete(key);
        }),
      ),
    );
  }
}
