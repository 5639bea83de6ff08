/**
 * The contract between the background's dApp router (src/background/dapp/) and one
 * provider family (src/dapp/<family>/): the family parses its standard's params,
 * builds what the approval window shows, and does the work through its layer's
 * service; the router does everything common (origin checks, connections, the
 * approval queue, unlock first, error shapes on the wire).
 *
 * Imports: src/dapp/ may import src/layers/ and src/shared/, never src/background/.
 */
import type { ApprovalSection } from '../shared/dapp/approval-view';
import type { DappErrorShape, DappFamily, DappRefusal } from '../shared/dapp/protocol';
import type { LayerId } from '../shared/layers';
import type { LocalText } from '../shared/local-text';
import type { NetworkPreset } from '../shared/networks';
import type { LayerAccountView } from '../shared/accounts';
import type { ServiceDeps } from '../layers/types';
import type { ServiceOf } from '../layers/registry';

/** A refusal a family or the router raises; the router turns it into the family's standard error. */
export class DappError extends Error {
  constructor(
    readonly refusal: DappRefusal,
    message: string,
    readonly data?: unknown,
  ) {
    super(message);
    this.name = 'DappError';
  }
}

/** What the approval window shows of a request, less what the router fills in (id, origin, network, queue). */
export interface ApprovalContent {
  summary: LocalText;
  sections: ApprovalSection[];
  warnings?: LocalText[];
}

/** What one request may use. Built by the router per request; the wallet is unlocked while it runs. */
export interface DappContext<L extends LayerId> {
  /** scheme://host[:port] from the browser's sender record. */
  origin: string;
  /** The preset Settings select now for the family's layer. */
  preset: NetworkPreset<L>;
  /** The layer's first account (public data). */
  account: LayerAccountView;
  /** The layer's service on `preset`. */
  service(): Promise<ServiceOf<L>>;
  /** The layer's service dependencies (key tree, storage, HTTP) on `preset`: key work stays in src/layers or src/dapp. */
  deps(): Promise<ServiceDeps<L>>;
  /**
   * Shows `content` in the approval window (queued behind other requests) and waits:
   * resolves when the user approves; throws DappError('user_rejected') on reject or
   * when the window is closed.
   */
  approve(method: string, content: ApprovalContent): Promise<void>;
  /** Selects `presetId` for the family's layer in Settings, as the Settings screen does (only after the user approved it). */
  selectPreset?(presetId: string): Promise<void>;
}

export type DappMethod<L extends LayerId> = (params: unknown, ctx: DappContext<L>) => Promise<unknown>;

export interface FamilyHandler<L extends LayerId = LayerId> {
  family: DappFamily;
  layer: L;
  /** Methods answered without a connection (e.g. `getInfo`, `eth_chainId`). Public data only. */
  open: readonly string[];
  /** Methods that ask to connect first when the origin is not connected (e.g. `enable`, `eth_requestAccounts`). */
  connecting: readonly string[];
  /** What connecting lets the site see and ask, shown in the approval window and in Settings. */
  grants(ctx: DappContext<L>): LocalText[];
  /** The connect request's content (what the site will see: addresses, network). */
  connectContent(ctx: DappContext<L>): Promise<ApprovalContent>;
  methods: Record<string, DappMethod<L>>;
  /** Events sent to the origin's pages when the user disconnects it in Settings (EIP-1193: `accountsChanged` with []). */
  disconnectEvents?(): { event: string; data: unknown }[];
  /** Events sent to every page that asked, whatever its origin, when Settings select another network for the layer (EIP-1193: `chainChanged`). */
  networkEvents?(preset: NetworkPreset<L>): { event: string; data: unknown }[];
  /** The family's standard error for a refusal (EIP-1193 codes, JSON-RPC codes, WebLN messages). */
  error(refusal: DappRefusal, message: string, data?: unknown): DappErrorShape;
}
