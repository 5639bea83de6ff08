/**
 * The shared half of a layer: what both the popup and the background may know
 * about it (no key code). One file per layer, one line per layer in index.ts.
 */
import type { PinKey } from '../pins';
import type { MethodSpec } from '../rpc-method';

export type MethodTable = Record<string, MethodSpec<any, any>>;

/** One network of a layer: address formats, default backends, pins. `P` is the layer's own params type. */
export interface LayerPreset<Id extends string, P> {
  layer: Id;
  id: string;
  label: string;
  /** Default backend URLs by key (e.g. `esplora`, `explorer`). Overridable in settings. */
  endpoints: Record<string, string>;
  /** Values checked against what servers say (see PIN_KINDS). Overridable in settings. */
  pins?: Partial<Record<PinKey, string>>;
  params: P;
}

/** An asset the layer holds that a hop may move, with how its amounts are written. */
export interface LayerAsset {
  asset: string;
  symbol: string;
  decimals: number;
}

export interface LayerDescriptor<Id extends string = string, P = unknown, M extends MethodTable = MethodTable> {
  readonly id: Id;
  /** Its name in messages (errors are English; the popup shows its own translated name). */
  readonly name: string;
  /** In the order Settings lists them. */
  readonly presets: readonly LayerPreset<Id, P>[];
  /** The preset a new wallet selects. */
  readonly defaultPreset: string;
  /** Its protocol methods, each named `<id>.<verb>` and owned by this layer (see `owner`). */
  readonly methods: M;
  readonly assets: readonly LayerAsset[];
}

/** Declares a layer: stamps every method with its owner, so the RPC gate knows whose it is. */
export function defineLayer<const Id extends string, P, M extends MethodTable>(d: LayerDescriptor<Id, P, M>): LayerDescriptor<Id, P, M> {
  const methods = Object.fromEntries(Object.entries(d.methods).map(([name, spec]) => [name, { ...spec, owner: d.id }])) as unknown as M;
  return { ...d, methods };
}
