/**
 * The background's end of the dApp wire: one relayed request from a content script
 * in, one answer (`{ result } | { error }`) out. Everything common to the families
 * happens here: the origin from the sender record, the family's method lists, the
 * connection, unlock first, the approval queue, and errors in the family's standard
 * shape. A family (src/dapp/<family>/) only parses, builds content and does the work.
 */
import { DappError, type DappContext, type FamilyHandler } from '../../dapp/family';
import type { LayerAccountView } from '../../shared/accounts';
import { requestShapeProblem } from '../../shared/dapp/request-shape';
import { DAPP_TAG, isDappFamily, relayError, type DappErrorShape, type DappFamily, type RelayedReply, type RelayedRequest } from '../../shared/dapp/protocol';
import type { LayerId } from '../../shared/layers';
import type { NetworkPreset } from '../../shared/networks';
import type { ServiceDeps } from '../../layers/types';
import type { ServiceOf } from '../../layers/registry';
import type { ApprovalQueue, Ticket } from './approvals';
import type { ConnectionStore } from './connections';
import { senderOrigin, type DappSender } from './origin';
import type { PageEvents } from './page-events';

/** What the router asks of the wallet; the worker passes WalletService, Settings and Layers behind it. */
export interface DappWallet {
  isUnlocked(): Promise<boolean>;
  /** The preset Settings select now for `layer` (endpoints and pins applied). */
  preset<L extends LayerId>(layer: L): Promise<NetworkPreset<L>>;
  /** The layer's first account; the wallet is unlocked. */
  account(layer: LayerId): Promise<LayerAccountView>;
  service<L extends LayerId>(layer: L): Promise<ServiceOf<L>>;
  deps<L extends LayerId>(layer: L): Promise<ServiceDeps<L>>;
  /** Selects `presetId` for `layer` in Settings (a family's approved network switch, e.g. wallet_switchEthereumChain). */
  selectPreset?(layer: LayerId, presetId: string): Promise<void>;
}

export type FamilyHandlers = Partial<Record<DappFamily, FamilyHandler>>;

const INTERNAL = 'The wallet could not answer this request.';

/** Whether a runtime message is a relayed dApp request (its shape is checked again in `handle`). */
export function isRelayedRequest(message: unknown): message is RelayedRequest {
  return typeof message === 'object' && message !== null && (message as { tag?: unknown }).tag === DAPP_TAG;
}

export class DappRouter {
  private readonly connecting = new Map<string, Promise<void>>();

  constructor(
    private readonly handlers: FamilyHandlers,
    private readonly connections: ConnectionStore,
    private readonly approvals: ApprovalQueue,
    private readonly wallet: DappWallet,
    private readonly selfId: string,
    private readonly events?: PageEvents,
  ) {}

  async handle(message: RelayedRequest, sender: DappSender): Promise<RelayedReply> {
    const family = isDappFamily(message.family) ? message.family : null;
    const handler = family ? this.handlers[family] : undefined;
    const shape = (refusal: DappError['refusal'], text: string, data?: unknown): DappErrorShape => {
      if (!handler) return relayError(refusal, text);
      try {
        return handler.error(refusal, text, data);
      } catch {
        return relayError(refusal, text);
      }
    };
    // Checked again here, before anything else: the content script is not the trust boundary.
    const problem = requestShapeProblem(message);
    if (problem) return { error: shape(problem.refusal, problem.message) };
    try {
      const origin = senderOrigin(sender, this.selfId);
      // senderOrigin checked both: this frame may hear the wallet's events for its origin.
      this.events?.remember(origin, sender.tab!.id!, sender.frameId!);
      if (!handler) throw new DappError('unsupported_method', 'The wallet does not support this provider family yet.');
      return { result: await this.run(handler, origin, message.method, message.params) };
    } catch (err) {
      if (err instanceof DappError) return { error: shape(err.refusal, err.message, err.data) };
      // Never a stack, a key or a server's words: the page learns only that it failed.
      console.error('layerhop: dApp request failed', err instanceof Error ? err.name : typeof err);
      return { error: shape('internal', INTERNAL) };
    }
  }

  private async run(handler: FamilyHandler, origin: string, method: unknown, params: unknown): Promise<unknown> {
    const name = typeof method === 'string' ? method : '';
    // `open` and `connecting` name methods of `methods`; an own property only (never `toString` and kin).
    const fn = Object.prototype.hasOwnProperty.call(handler.methods, name) ? handler.methods[name] : undefined;
    if (!fn) throw new DappError('unsupported_method', `The wallet does not support "${name.slice(0, 64)}".`);
    if (handler.open.includes(name)) return fn(params, await this.openContext(handler, origin));
    const connectedNow = () => this.connections.has(origin, handler.family);
    const refuse = () => new DappError('unauthorized', 'This site is not connected to the wallet; ask to connect first.');
    let connected = await connectedNow();
    if (!connected && !handler.connecting.includes(name)) throw refuse();

    const ticket = this.approvals.begin(origin, handler.family, name);
    try {
      if (!(await this.wallet.isUnlocked())) {
        await this.approvals.waitUnlock(ticket);
        // Asked again: the wallet unlocked may not be the one that connected (a new phrase), or the site was disconnected meanwhile.
        connected = await connectedNow();
        if (!connected && !handler.connecting.includes(name)) throw refuse();
      }
      const ctx = await this.context(handler, origin, ticket);
      if (!connected) await this.connect(handler, origin, ctx);
      return await fn(params, ctx);
    } finally {
      this.approvals.end(ticket);
    }
  }

  /**
   * One connect window per origin and family at a time: a page that asks twice before
   * the user answered gets one question, and both requests the one answer.
   */
  private connect(handler: FamilyHandler, origin: string, ctx: DappContext<LayerId>): Promise<void> {
    const key = `${handler.family} ${origin}`;
    const asked = this.connecting.get(key);
    if (asked) return asked;
    const connecting = (async () => {
      // Content built only now: the wallet is unlocked and the family may need its keys.
      await ctx.approve('connect', await handler.connectContent(ctx));
      await this.connections.add(origin, handler.family, handler.grants(ctx));
    })().finally(() => this.connecting.delete(key));
    this.connecting.set(key, connecting);
    return connecting;
  }

  private async context(handler: FamilyHandler, origin: string, ticket: Ticket): Promise<DappContext<LayerId>> {
    const layer = handler.layer;
    const preset = await this.wallet.preset(layer);
    const account = await this.wallet.account(layer);
    return {
      origin,
      preset,
      account,
      service: () => this.wallet.service(layer),
      deps: () => this.wallet.deps(layer),
      approve: (method, content) =>
        this.approvals.ask(ticket, { origin, family: handler.family, layer, network: { preset: preset.id, name: preset.label }, method, content }),
      ...(this.wallet.selectPreset ? { selectPreset: (id: string) => this.wallet.selectPreset!(layer, id) } : {}),
    };
  }

  /**
   * `open` methods answer public data without a connection, locked or not: no account, no
   * window, no service or key tree (they need the unlocked wallet, so a stranger would
   * learn whether it is locked from whether they answer).
   */
  private async openContext(handler: FamilyHandler, origin: string): Promise<DappContext<LayerId>> {
    const layer = handler.layer;
    const refuse = () => new DappError('unauthorized', 'Connect to the wallet first.');
    return {
      origin,
      preset: await this.wallet.preset(layer),
      get account(): LayerAccountView {
        throw refuse();
      },
      service: async () => {
        throw refuse();
      },
      deps: async () => {
        throw refuse();
      },
      approve: async () => {
        throw refuse();
      },
    };
  }
}
