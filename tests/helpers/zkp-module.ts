/** secp256k1-zkp's WebAssembly as the library ships it: the base64 its Emscripten glue carries inline. */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

export const ZKP_GLUE = '@vulpemventures/secp256k1-zkp/dist/secp256k1-zkp.js';
/** The 3.x build the Liquid devnet uses (a dev dependency under another name). */
export const ZKP3_GLUE = 'secp256k1-zkp-3/build/main/lib/secp256k1-zkp.js';

export function shippedZkpModule(glue = ZKP_GLUE): Uint8Array<ArrayBuffer> {
  const text = readFileSync(createRequire(import.meta.url).resolve(glue), 'utf8');
  const m = /"data:application\/octet-stream;base64,([A-Za-z0-9+/=]{1000,})"/.exec(text);
  if (!m) throw new Error(`inline WebAssembly not found in ${glue}`);
  return new Uint8Array(Buffer.from(m[1]!, 'base64'));
}
