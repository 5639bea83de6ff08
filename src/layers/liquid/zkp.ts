/**
 * Lazy loader for secp256k1-zkp (Elements' confidential-transaction primitives,
 * compiled to WebAssembly). Nothing is instantiated at import: the MV3 service
 * worker must start fast and most wakes never touch Liquid, so the module is
 * compiled on the first call and shared afterwards.
 *
 * How the WASM arrives: in Node (tests, bench) the library decodes the binary it
 * carries inline. In the extension build, build.config.ts moves that binary to
 * `secp256k1-zkp.wasm` next to background.js, and Emscripten fetches it from the
 * worker's own directory and instantiates it asynchronously — no dynamic import,
 * no top-level await — which needs `'wasm-unsafe-eval'` in the extension CSP.
 *
 * Either way the module builds its secp256k1 context once (zkp-context-cache.ts):
 * the build writes the rewritten module, and in Node the bytes pass through
 * withCachedContext on their way to WebAssembly.instantiate.
 */
import secp256k1, { type ZKP } from '@vulpemventures/secp256k1-zkp';
import { WalletError } from '../../shared/errors';
import { localText } from '../../shared/local-text';
import { CONTEXT_CACHE_EXPORT, withCachedContext } from './zkp-context-cache';

export type { ZKP };

/** The library never rejects when instantiation fails (it aborts and waits forever), so bound it. */
const LOAD_TIMEOUT_MS = 20_000;

let loading: Promise<ZKP> | null = null;

export interface ZkpLoadStats {
  /** ms from the first request to a usable module, once loaded. */
  loadMs: number | null;
  /** The kept context's address (0 before the first call), read from the module; null when the module has no kept context (zkp-context-cache.ts). */
  cachedContext: (() => number) | null;
}
export const zkpLoadStats: ZkpLoadStats = { loadMs: null, cachedContext: null };

export function loadZkp(): Promise<ZKP> {
  if (!loading) {
    const started = performance.now();
    const hook = interceptZkpModule();
    // Put back however the load ends, a timeout included (a hung load never settles by itself).
    loading = withTimeout(secp256k1(), LOAD_TIMEOUT_MS)
      .finally(hook.restore)
      .then(
        (zkp) => {
          const ended = performance.now();
          const kept = hook.kept();
          zkpLoadStats.loadMs = ended - started;
          zkpLoadStats.cachedContext = kept ? () => kept.value as number : null;
          markLoad(started, ended, hook.via());
          return zkp;
        },
        (err: unknown) => {
          loading = null;
          throw err instanceof WalletError ? err : new WalletError('unsupported', localText('err_liquid_zkp_failed'));
        },
      );
  }
  return loading;
}

export interface ZkpInterception {
  /** Puts WebAssembly.instantiate and instantiateStreaming back (again: nothing). */
  restore(): void;
  /** The kept-context global of the first instance that has one (the build's file, or the bytes rewritten here); null before. */
  kept(): WebAssembly.Global | null;
  /** How that instance was made: streamed (the extension), or from bytes (Node, or a worker whose streaming failed). */
  via(): ZkpLoadPath | null;
}

export type ZkpLoadPath = 'streaming' | 'bytes';

let intercepting: ZkpInterception | null = null;

/**
 * Replaces WebAssembly.instantiate and instantiateStreaming while the library loads: its glue
 * offers no other way in (the library calls it with no options).
 * - instantiate, which the glue calls with the module's bytes (in Node, where the module is
 *   inline, and in a worker when streaming fails), hands the library's module through
 *   withCachedContext; other modules pass through unchanged.
 * - instantiateStreaming, the glue's first try in the extension, passes through as it is: the
 *   build already rewrote that file (build.config.ts), which keeps the streaming compile and
 *   the browser's code cache.
 * Either way the kept context's global is noted from the instance. The first instance that
 * has one puts both back; so does restore(), which the loader calls however the load ends.
 * In Node, a rewritten module that fails to instantiate is instantiated as it came; the
 * extension has no other module than the build's (which the build compiled once).
 */
export function interceptZkpModule(): ZkpInterception {
  intercepting?.restore();
  const wasm = WebAssembly;
  const { instantiate } = wasm;
  const instantiateStreaming = typeof wasm.instantiateStreaming === 'function' ? wasm.instantiateStreaming : null;
  let kept: WebAssembly.Global | null = null;
  let via: ZkpLoadPath | null = null;
  const restore = () => {
    if (intercepting !== self) return;
    intercepting = null;
    // Only our own replacements are put back: one installed over them since stays.
    if (wasm.instantiate === ownInstantiate) wasm.instantiate = instantiate;
    if (instantiateStreaming && wasm.instantiateStreaming === ownStreaming) wasm.instantiateStreaming = instantiateStreaming;
  };
  /** Notes the kept context of the first instance that has one, which ends the interception. */
  const noted = (path: ZkpLoadPath) => (made: WebAssembly.WebAssemblyInstantiatedSource): WebAssembly.WebAssemblyInstantiatedSource => {
    const cache = made.instance.exports[CONTEXT_CACHE_EXPORT];
    if (cache instanceof WebAssembly.Global && !kept) {
      kept = cache;
      via = path;
      restore();
    }
    return made;
  };
  const fromBytes = async (bytes: BufferSource, imports?: WebAssembly.Imports): Promise<WebAssembly.WebAssemblyInstantiatedSource> => {
    let rewritten: Uint8Array<ArrayBuffer> | null = null;
    try {
      rewritten = withCachedContext(ArrayBuffer.isView(bytes) ? new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength) : new Uint8Array(bytes));
    } catch {
      // a rewriter fault must not hang the load: the module as it came
    }
    if (rewritten) {
      try {
        return noted('bytes')(await instantiate(rewritten, imports));
      } catch {
        // the module as it came
      }
    }
    return noted('bytes')(await instantiate(bytes, imports));
  };
  const ownInstantiate = ((source: BufferSource | WebAssembly.Module, imports?: WebAssembly.Imports) =>
    source instanceof WebAssembly.Module ? instantiate(source, imports) : fromBytes(source, imports)) as typeof WebAssembly.instantiate;
  const ownStreaming: typeof WebAssembly.instantiateStreaming = async (source, imports) => noted('streaming')(await instantiateStreaming!(source, imports));
  const self: ZkpInterception = { restore, kept: () => kept, via: () => via };
  intercepting = self;
  wasm.instantiate = ownInstantiate;
  if (instantiateStreaming) wasm.instantiateStreaming = ownStreaming;
  return self;
}

/** Name of the User Timing entry the load leaves in the worker's performance timeline. */
export const ZKP_LOAD_MEASURE = 'layerhop:zkp-load';

/** What the load measure carries besides its time: whether the module has a kept context (zkp-context-cache.ts), and how it was instantiated. */
export interface ZkpLoadDetail {
  contextKept: boolean;
  via: ZkpLoadPath | null;
}

/**
 * Records the load as a standard performance measure, so the bench and the browser
 * tests can read the real service worker's number and detail (worker.evaluate)
 * without a protocol method or a global. Timing must never break loading, hence the guard.
 */
function markLoad(start: number, end: number, via: ZkpLoadPath | null): void {
  try {
    const detail: ZkpLoadDetail = { contextKept: zkpLoadStats.cachedContext !== null, via };
    performance.measure(ZKP_LOAD_MEASURE, { start, end, detail });
  } catch {
    // no User Timing here: zkpLoadStats still has the number
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const timer = setTimeout(
      () =>
        reject(
          new WalletError('unsupported', localText('err_liquid_zkp_blocked')),
        ),
      ms,
    );
    p.then(
      (v) => {
        clearTimeout(timer);
        resolve(v);
      },
      (e: unknown) => {
        clearTimeout(timer);
        reject(e);
      },
    );
  });
}

/** A Buffer view of bytes (no copy): the library checks `Buffer.isBuffer` on every argument. */
export function buf(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
