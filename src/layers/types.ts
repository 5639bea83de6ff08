/**
 * The contract every layer implements. A layer service is built per request by
 * the background from the unlocked key tree and the selected network preset; it
 * is background-only code (it may hold private keys) and returns public views.
 *
 * Amounts inside a layer are bigint; views crossing to the popup use the integer
 * strings of shared/units.ts.
 */
import type { HDKey } from '@scure/bip32';
import type { KeyValueArea } from '../shared/storage';
import type { HttpClient } from '../shared/http';
import type { LayerAccountView } from '../shared/accounts';
import type { DescriptorOf, LayerId } from '../shared/layers';
import type { LayerOverview } from '../shared/layer-views';
import type { NetworkPreset } from '../shared/networks';
import type { MethodName, ParamsOf, ResultOf } from '../shared/rpc';
import type { HostAccess } from './lightning/host-access';

export interface LayerDeps<L extends LayerId> {
  /** The unlocked BIP32 root. Never leaves the background. */
  root: HDKey;
  /** The selected preset with the user's endpoint overrides applied. */
  preset: NetworkPreset<L>;
  /** storage.local: pending sends, nonces, caches. Never a plaintext secret. */
  store: KeyValueArea;
  /** One HTTP client per backend URL (timeouts, retries, typed errors). */
  http: (baseUrl: string) => HttpClient;
  now: () => number;
}

export interface ReceiveView {
  address: string;
  /** What the QR code encodes (a BIP21 URI, or the bare address). */
  uri: string;
  path: string;
}

export interface LayerService {
  readonly layer: LayerId;
  /** Balances and activity from the backend, fresh. */
  overview(): Promise<LayerOverview>;
  /** An address to receive on (fresh where the layer supports it). */
  receive(): Promise<ReceiveView>;
  /** On lock: zero the private keys this service derived and cached. */
  wipe?(): void;
}

/** Storage key of a layer's persistent record on one network, e.g. `bitcoin.devnet.pending`. */
export function layerStoreKey(layer: LayerId, network: string, name: string): string {
  return `${layer}.${network}.${name}`;
}

/** The unlocked key material a layer derives from (the keyring holds it; nothing here leaves the background). */
export interface LayerKeys {
  readonly root: HDKey;
  /** SLIP-77, from the seed itself rather than the BIP32 root (Liquid's blinding keys). */
  readonly masterBlindingKey: Uint8Array;
}

/** What the background lends a layer besides its deps: the keys, the session area, host grants, and state kept until lock. */
export interface LayerEnv {
  keys: LayerKeys;
  /** storage.session: secrets that must not reach disk (e.g. an NWC link's client secret). */
  session: KeyValueArea;
  /** Host grants checked before contacting a host the user named (LNURL services). */
  hostAccess: HostAccess;
  /** One `make()` per key on this background, kept across requests; closed and dropped when the wallet locks. */
  keep<T extends object>(key: string, make: () => T): T;
}

/** Kept state with a `close` has it called on lock. */
export interface Closable {
  close?(): unknown;
}

export interface ServiceDeps<L extends LayerId> extends LayerDeps<L> {
  env: LayerEnv;
}

/** What a layer's handlers may ask of the background: its service and deps, on the selected preset or a given one. */
export interface LayerRuntime<L extends LayerId, S> {
  service(preset?: NetworkPreset<L>): Promise<S>;
  deps(preset?: NetworkPreset<L>): Promise<ServiceDeps<L>>;
}

type OwnMethods<L extends LayerId> = keyof DescriptorOf<L>['methods'] & MethodName;
/** One handler per method the layer's descriptor declares, exactly. */
export type LayerHandlers<L extends LayerId> = { [M in OwnMethods<L>]: (params: ParamsOf<M>) => Promise<ResultOf<M>> };

/** The background half of a layer (src/layers/<id>/module.ts), listed once in src/layers/registry.ts. */
export interface LayerModule<L extends LayerId, S extends LayerService = LayerService, H = unknown> {
  readonly descriptor: DescriptorOf<L>;
  /** First receive address (or identity) on `preset`: public data only. Derivation is all it does (no I/O). */
  account(keys: LayerKeys, preset: NetworkPreset<L>): LayerAccountView;
  /**
   * Builds the service. `perRequest`: built afresh for every request instead of kept
   * with the key tree (Lightning: its funding source changes on connect/disconnect).
   */
  service(deps: ServiceDeps<L>): S | Promise<S>;
  readonly perRequest?: boolean;
  handlers(runtime: LayerRuntime<L, S>): LayerHandlers<L>;
  /** What a hop may ask of this layer on `preset` (see hop-sides.ts): only that, never the whole service. */
  hopSide(runtime: LayerRuntime<L, S>, preset: NetworkPreset<L>): Promise<H>;
}
