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
import type { LayerId } from '../shared/layers';
import type { LayerOverview } from '../shared/layer-views';
import type { NetworkPreset } from '../shared/networks';

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
