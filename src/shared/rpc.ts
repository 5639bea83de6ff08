/**
 * The one request/response protocol between the popup and the background worker.
 * Each method names its parameter validator (run by the background on every call)
 * and its result type (used by the popup's typed client).
 */
import type { LayerAccountView } from './accounts';
import type { ErrorShape } from './errors';
import { LAYER_DESCRIPTORS, LAYER_IDS, type LayerId, type LayerMethods } from './layers';
import type { LayerOverview } from './layer-views';
import type { LocalText } from './local-text';
import { ACTIVITY_METHODS } from './rpc-activity';
import { DAPP_METHODS } from './rpc-dapp';
import { HOP_METHODS } from './rpc-hops';
import { LABEL_METHODS } from './rpc-labels';
import { method, type MethodSpec } from './rpc-method';
import { arrayOf, bool, empty, int, obj, oneOf, optional, record, str, type Infer } from './schema';
import type { Settings } from './settings';

export const RPC_TAG = 'layerhop.rpc.v1';

export type WalletState = 'empty' | 'locked' | 'unlocked';

export interface WalletStatus {
  state: WalletState;
  autoLockMinutes: number;
  /** When the wallet locks itself if left idle (ms since epoch), while unlocked. */
  lockAt: number | null;
}

/** One service of the local devnet presets, as the devnet probe found it. */
export interface DevnetServiceView {
  layer: LayerId;
  /** The preset's endpoint key (`esplora`, `rpc`, `journalRelay`, …). */
  endpoint: string;
  /** host:port asked, or the whole URL when it was not asked (not loopback). */
  host: string;
  ok: boolean;
  /** Why it does not count as answering. */
  reason?: string | LocalText;
}

export interface DevnetProbeView {
  /** Every devnet service answered on loopback. */
  found: boolean;
  services: DevnetServiceView[];
}

const password = str({ min: 1, max: 1024 });
const mnemonicWord = str({ min: 1, max: 32 });
const url = str({ min: 0, max: 2048 });

/** The wallet's own methods; hops' and every layer's are added below. */
const WALLET_METHODS = {
  'wallet.status': method<WalletStatus>()(empty),
  /** Start creating a wallet: the background keeps the new phrase; the popup shows it once. */
  'onboarding.generate': method<{ words: string[]; confirmPositions: number[] }>()(
    obj({ wordCount: oneOf([12, 24] as const) }),
  ),
  /** Check the user's answers (1-based position -> word) against the pending phrase. */
  'onboarding.confirm': method<{ confirmed: true }>()(
    obj({ answers: record(str({ pattern: /^[0-9]{1,2}$/ }), mnemonicWord, 24) }),
  ),
  'onboarding.create': method<WalletStatus>()(obj({ password })),
  'onboarding.import': method<WalletStatus>()(obj({ mnemonic: str({ min: 1, max: 1000 }), password })),
  'vault.unlock': method<WalletStatus>()(obj({ password })),
  'vault.lock': method<WalletStatus>()(empty),
  'vault.changePassword': method<{ changed: true }>()(obj({ current: password, next: password })),
  'vault.reveal': method<{ words: string[] }>()(obj({ password })),
  'accounts.list': method<LayerAccountView[]>()(empty),
  'settings.get': method<Settings>()(empty),
  /** Whether the local devnet presets' services answer on this machine (loopback only, short timeout). */
  'settings.probeDevnet': method<DevnetProbeView>()(empty),
  'settings.update': method<Settings>()(
    obj({
      autoLockMinutes: optional(int({ min: 1, max: 1440 })),
      networks: optional(record(oneOf(LAYER_IDS), str({ min: 1, max: 32 }), LAYER_IDS.length)),
      endpoints: optional(record(str({ min: 3, max: 128 }), url, 128)),
      resetEndpoints: optional(bool()),
      pins: optional(record(str({ min: 3, max: 128 }), str({ min: 0, max: 128 }), 64)),
      /** Every layer not listed is shown; at least one layer stays shown. */
      hiddenLayers: optional(arrayOf(oneOf(LAYER_IDS), { max: LAYER_IDS.length - 1 })),
    }),
  ),
  /** Last known balances and activity of every layer (instant paint), from storage. */
  'layers.cached': method<LayerOverview[]>()(empty),
  /** Fresh balances and activity of one layer (also refreshes the cache). */
  'layers.overview': method<LayerOverview>()(obj({ layer: oneOf(LAYER_IDS) })),
} satisfies Record<string, MethodSpec<any, any>>;

export const METHODS = Object.assign({}, WALLET_METHODS, HOP_METHODS, LABEL_METHODS, ACTIVITY_METHODS, DAPP_METHODS, ...LAYER_DESCRIPTORS.map((d) => d.methods)) as typeof WALLET_METHODS &
  typeof HOP_METHODS &
  typeof LABEL_METHODS &
  typeof ACTIVITY_METHODS &
  typeof DAPP_METHODS &
  LayerMethods;

export type MethodName = keyof typeof METHODS;
export type ParamsOf<M extends MethodName> = Infer<(typeof METHODS)[M]['params']>;
/** Without the phantom's `undefined` only: a method may answer `null` (dapp.pending when nothing waits). */
export type ResultOf<M extends MethodName> = Exclude<(typeof METHODS)[M]['result'], undefined>;

export interface RpcRequest<M extends MethodName = MethodName> {
  tag: typeof RPC_TAG;
  method: M;
  params: ParamsOf<M>;
  /** Sent by a timer, not by the user: does not push the auto-lock deadline. */
  poll?: true;
}

export type RpcReply<R = unknown> = { ok: true; result: R } | { ok: false; error: ErrorShape };

/** The layer whose method this is, or undefined for the wallet's and hops' own. */
export function methodOwner(name: MethodName): LayerId | undefined {
  return (METHODS[name] as MethodSpec<unknown, unknown>).owner as LayerId | undefined;
}

export function isMethodName(name: unknown): name is MethodName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(METHODS, name);
}
