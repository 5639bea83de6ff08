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
 */
import secp256k1, { type ZKP } from '@vulpemventures/secp256k1-zkp';
import { WalletError } from '../../shared/errors';
import { localText } from '../../shared/local-text';

export type { ZKP };

/** The library never rejects when instantiation fails (it aborts and waits forever), so bound it. */
const LOAD_TIMEOUT_MS = 20_000;

let loading: Promise<ZKP> | null = null;

export interface ZkpLoadStats {
  /** ms from the first request to a usable module, once loaded. */
  loadMs: number | null;
}
export const zkpLoadStats: ZkpLoadStats = { loadMs: null };

export function loadZkp(): Promise<ZKP> {
  if (!loading) {
    const started = performance.now();
    loading = withTimeout(secp256k1(), LOAD_TIMEOUT_MS).then(
      (zkp) => {
        const ended = performance.now();
        zkpLoadStats.loadMs = ended - started;
        markLoad(started, ended);
        return zkp;
      },
      (err: unknown) => {
        loading = null;
        throw err instanceof WalletError
          ? err
          : new WalletError('unsupported', localText('err_liquid_zkp_failed'));
      },
    );
  }
  return loading;
}

/** Name of the User Timing entry the load leaves in the worker's performance timeline. */
export const ZKP_LOAD_MEASURE = 'layerhop:zkp-load';

/**
 * Records the load as a standard performance measure, so the bench can read the
 * real service worker's number (worker.evaluate) without a protocol method or a
 * global. Timing must never break loading, hence the guard.
 */
function markLoad(start: number, end: number): void {
  try {
    performance.measure(ZKP_LOAD_MEASURE, { start, end });
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
