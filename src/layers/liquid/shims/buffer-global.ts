/**
 * Injected by the extension build (esbuild `inject`) wherever bundled code uses
 * the Node global `Buffer` without importing it — secp256k1-zkp's wrapper,
 * typeforce and liquidjs-lib do. The `buffer` package is the same module that
 * liquidjs-lib's own `require('buffer')` resolves to, so `Buffer.isBuffer`
 * agrees across them.
 */
export { Buffer } from 'buffer';
