/**
 * The secp256k1-zkp module is Emscripten output: in Node its glue adds process
 * handlers that exit the process on any unhandled rejection or uncaught
 * exception. Whoever hosts the wallet's code (a test runner, the bench) decides
 * what those mean, not a library: loading it must leave the process as it was.
 */
import { expect, it } from 'vitest';
import { loadZkp } from '../../../../src/layers/liquid/zkp';

it('leaves no process handler of its own behind once loaded', async () => {
  const before = { rejection: process.listeners('unhandledRejection'), exception: process.listeners('uncaughtException') };
  const zkp = await loadZkp();
  expect(typeof zkp.rangeproof.rewind).toBe('function');
  expect(process.listeners('unhandledRejection')).toEqual(before.rejection);
  expect(process.listeners('uncaughtException')).toEqual(before.exception);
});
