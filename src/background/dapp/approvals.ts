/**
 * The approval window and its queue. One window at a time shows the oldest request;
 * the others wait behind it (`queued`). A request that needs the wallet while it is
 * locked first waits for Unlock in that same window.
 *
 * Closing the window rejects everything it had on offer (the request shown, every
 * queued one, every wait for unlock), not just the one shown: a page that queued many
 * requests would otherwise make the user close one window per request. Requests that
 * come after the close open a new window.
 *
 * Spam: one window for everyone, and one origin may have at most
 * MAX_WAITING_PER_ORIGIN requests waiting here; more are refused with `busy` at once.
 */
import { DappError, type ApprovalContent } from '../../dapp/family';
import type { ApprovalView } from '../../shared/dapp/approval-view';
import { WalletError } from '../../shared/errors';
import { localText } from '../../shared/local-text';
import type { DappFamily } from '../../shared/dapp/protocol';
import type { LayerId } from '../../shared/layers';

export const MAX_WAITING_PER_ORIGIN = 4;
/**
 * How long the window waits for the next step of a request it already showed (after
 * Unlock, after an approved connect) before it closes: long enough for the family to
 * build its content, short enough not to hold the window through a payment's flight.
 */
export const FOLLOW_WAIT_MS = 8_000;

export const APPROVAL_WINDOW = { url: 'popup.html?view=approve', width: 380, height: 640 } as const;

/** The browser's windows, as the queue needs them (windows.create / update / onRemoved). */
export interface WindowPort {
  /** Opens `popup.html?view=approve` as a popup window; resolves with its id. */
  open(): Promise<number>;
  focus(id: number): Promise<void>;
  onRemoved(listener: (id: number) => void): void;
}

/** What the locked window names while it asks for Unlock. */
export interface WaitingView {
  origin: string;
  family: DappFamily;
  method: string;
  queued: number;
}

export interface ApprovalRequest {
  origin: string;
  family: DappFamily;
  layer: LayerId;
  network: { preset: string; name: string };
  method: string;
  content: ApprovalContent;
}

interface Settle {
  resolve(): void;
  reject(err: Error): void;
}

interface Entry extends ApprovalRequest, Settle {
  id: string;
  ticket: Ticket;
}

/** One request from the router's point of view, from its arrival until it ends. */
export interface Ticket {
  readonly origin: string;
  readonly family: DappFamily;
  readonly method: string;
  /** The window should wait for this request's next step (it was shown or unlocked for). */
  following: boolean;
  unlock?: Settle;
  ended: boolean;
  /** The site was disconnected while this request ran: it may ask the window nothing more. */
  revoked?: boolean;
}

const rejected = () => new DappError('user_rejected', 'The user rejected the request.');
const revoked = () => new DappError('unauthorized', 'This site was disconnected from the wallet.');

export class ApprovalQueue {
  private readonly entries: Entry[] = [];
  private readonly tickets = new Set<Ticket>();
  private windowId: number | null = null;
  private opening: Promise<unknown> | null = null;
  private wake: (() => void)[] = [];

  constructor(
    private readonly windows: WindowPort,
    private readonly isUnlocked: () => Promise<boolean>,
    private readonly makeId: () => string = () => crypto.randomUUID(),
  ) {
    windows.onRemoved((id) => this.windowClosed(id));
  }

  /** Starts following a request that may need the window; `end` it when the request is answered. */
  begin(origin: string, family: DappFamily, method: string): Ticket {
    const ticket: Ticket = { origin, family, method, following: false, ended: false };
    this.tickets.add(ticket);
    return ticket;
  }

  end(ticket: Ticket): void {
    ticket.ended = true;
    ticket.following = false;
    this.tickets.delete(ticket);
    this.changed();
  }

  /** Resolves once the wallet is unlocked in the window (opened for it); rejects `user_rejected` if the window is closed. */
  waitUnlock(ticket: Ticket): Promise<void> {
    if (ticket.revoked) return Promise.reject(revoked());
    this.admit(ticket.origin);
    const wait = new Promise<void>((resolve, reject) => (ticket.unlock = { resolve, reject }));
    this.showWindow();
    this.changed();
    return wait;
  }

  /** The wallet was unlocked: every request waiting for it goes on, and the window waits for their next step. */
  unlocked(): void {
    for (const ticket of this.tickets) {
      if (!ticket.unlock) continue;
      const { resolve } = ticket.unlock;
      ticket.unlock = undefined;
      ticket.following = true;
      resolve();
    }
    this.changed();
  }

  /** Shows `request` (queued behind others); resolves on approve, rejects DappError `user_rejected` on reject or close, `busy` over the cap. */
  ask(ticket: Ticket, request: ApprovalRequest): Promise<void> {
    if (ticket.revoked) return Promise.reject(revoked());
    this.admit(request.origin);
    const answer = new Promise<void>((resolve, reject) => {
      this.entries.push({ ...request, id: this.makeId(), ticket, resolve, reject });
    });
    ticket.following = false;
    this.showWindow();
    this.changed();
    return answer;
  }

  /**
   * The user disconnected `origin` for `family`: what it has shown, queued or waiting
   * for Unlock is answered unauthorized, and its running requests may ask nothing more.
   * A request already approved goes on (its funds may be on their way).
   */
  revoke(origin: string, family: DappFamily): void {
    const mine = (x: { origin: string; family: DappFamily }) => x.origin === origin && x.family === family;
    for (let i = this.entries.length - 1; i >= 0; i--) {
      const entry = this.entries[i]!;
      if (!mine(entry)) continue;
      this.entries.splice(i, 1);
      entry.reject(revoked());
    }
    for (const ticket of this.tickets) {
      if (!mine(ticket)) continue;
      ticket.revoked = true;
      ticket.following = false;
      const wait = ticket.unlock;
      ticket.unlock = undefined;
      wait?.reject(revoked());
    }
    this.changed();
  }

  /** What the locked window names: the first request waiting, and how many wait behind it. */
  waiting(): WaitingView | null {
    const first = this.entries[0] ?? [...this.tickets].find((t) => t.unlock);
    if (!first) return null;
    return { origin: first.origin, family: first.family, method: first.method, queued: this.waitingCount() - 1 };
  }

  /**
   * The request to show now. With none queued, waits (up to FOLLOW_WAIT_MS) while a
   * request the window already served may still ask; null means the window may close.
   */
  async pending(): Promise<ApprovalView | null> {
    // Unlocked by another page of ours (the toolbar popup), or just before a request asked to wait.
    if ([...this.tickets].some((t) => t.unlock) && (await this.isUnlocked())) this.unlocked();
    const deadline = Date.now() + FOLLOW_WAIT_MS;
    for (;;) {
      const shown = this.entries[0];
      if (shown) return this.view(shown);
      const following = [...this.tickets].some((t) => t.following || t.unlock);
      if (!following || Date.now() >= deadline) {
        // The window closes itself on null: a later request opens a new one.
        this.windowId = null;
        return null;
      }
      await this.changes(deadline - Date.now());
    }
  }

  async decide(id: string, approve: boolean): Promise<ApprovalView | null> {
    const index = this.entries.findIndex((e) => e.id === id);
    if (index < 0) throw new WalletError('not_found', localText('err_dapp_request_gone'));
    const [entry] = this.entries.splice(index, 1);
    if (approve) {
      entry!.ticket.following = !entry!.ticket.ended;
      entry!.resolve();
    } else entry!.reject(rejected());
    this.changed();
    return this.pending();
  }

  private view(entry: Entry): ApprovalView {
    const { id, origin, family, layer, network, method, content } = entry;
    return { id, origin, family, layer, network, method, ...content, queued: this.waitingCount() - 1 };
  }

  private waitingCount(): number {
    return this.entries.length + [...this.tickets].filter((t) => t.unlock).length;
  }

  private admit(origin: string): void {
    const waiting = this.entries.filter((e) => e.origin === origin).length + [...this.tickets].filter((t) => t.unlock && t.origin === origin).length;
    if (waiting >= MAX_WAITING_PER_ORIGIN) throw new DappError('busy', 'Too many requests from this site are waiting for approval.');
  }

  private showWindow(): void {
    if (this.windowId !== null) {
      const id = this.windowId;
      // Gone without our hearing of it (closed while it opened): open another for what waits.
      void this.windows.focus(id).catch(() => {
        if (this.windowId !== id) return;
        this.windowId = null;
        this.showWindow();
      });
      return;
    }
    if (this.opening) return;
    this.opening = this.windows
      .open()
      .then(
        (id) => {
          this.windowId = id;
        },
        () => this.rejectAll(),
      )
      .finally(() => {
        this.opening = null;
      });
  }

  private windowClosed(id: number): void {
    if (id !== this.windowId) return;
    this.windowId = null;
    this.rejectAll();
  }

  private rejectAll(): void {
    for (const entry of this.entries.splice(0)) entry.reject(rejected());
    for (const ticket of this.tickets) {
      ticket.following = false;
      const wait = ticket.unlock;
      ticket.unlock = undefined;
      wait?.reject(rejected());
    }
    this.changed();
  }

  private changed(): void {
    for (const wake of this.wake.splice(0)) wake();
  }

  private changes(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.wake.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }
}
