/**
 * secp256k1-zkp's Emscripten glue, when it starts in Node (liquidjs-lib starts it as it is
 * imported; the Liquid devnet starts it too), adds two process handlers: one exits with
 * code 1 on any unhandled rejection, the other rethrows every uncaught exception. In a test
 * worker that turned any stray rejection into the worker dying mid-file with no message
 * (seen nine times in e2e workers: `process.exit` called from secp256k1-zkp.js, under
 * `emitUnhandledRejection`); in `npm start` it would end the whole devnet. The host decides
 * what those events mean: from this module's import on, handlers for them that the glue adds
 * are refused. The wallet's loader (src/layers/liquid/zkp.ts) runs in Node only under these hosts.
 */
const EVENTS = new Set<string | symbol>(['unhandledRejection', 'uncaughtException']);
// 2.x (the wallet's, and liquidjs-lib's) adds them; 3.x (the devnets', under an alias) does not today.
const GLUE = /[\\/](@vulpemventures[\\/]secp256k1-zkp|secp256k1-zkp-3)[\\/]/;
const ADDERS = ['on', 'addListener', 'prependListener', 'once', 'prependOnceListener'] as const;
const g = globalThis as { __layerhopNoGlueExit?: true };

if (!g.__layerhopNoGlueExit) {
  g.__layerhopNoGlueExit = true;
  for (const name of ADDERS) {
    const add = process[name].bind(process) as (event: string | symbol, listener: (...args: unknown[]) => void) => NodeJS.Process;
    process[name] = ((event: string | symbol, listener: (...args: unknown[]) => void) =>
      EVENTS.has(event) && GLUE.test(new Error().stack ?? '') ? process : add(event, listener)) as (typeof process)[typeof name];
  }
}

export {};
