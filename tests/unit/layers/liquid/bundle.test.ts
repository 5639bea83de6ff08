/**
 * The Liquid code as the extension ships it: bundled with build.config.ts's
 * plugin and Buffer injection, then run in a sandbox shaped like an MV3 service
 * worker (self, importScripts, fetch; no window, process, require or Buffer).
 * Proves the WASM leaves the bundle, is fetched from beside the worker script on
 * first use, and blinds, unblinds and hashes correctly there.
 */
import { build } from 'esbuild';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createContext, runInContext } from 'node:vm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { liquidBuildPlugin, ROOT, ZKP_WASM_FILE } from '../../../../build.config';

const ORIGIN = 'chrome-extension://abcdefghijklmnop';
let dir: string;
let code: string;
let wasm: Buffer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'liquid-bundle-'));
  const entry = `
    import { loadZkp } from './src/layers/liquid/zkp';
    import { blindOutputs } from './src/layers/liquid/blind';
    import { unblindOutput, ZERO32 } from './src/layers/liquid/unblind';
    import { Transaction } from './src/layers/liquid/transaction';
    import { secp256k1 } from '@noble/curves/secp256k1.js';
    (self as any).run = async (asset: string) => {
      const zkp = await loadZkp();
      const key = secp256k1.utils.randomSecretKey();
      const script = new Uint8Array([0, 20, ...new Uint8Array(20).fill(7)]);
      const [out] = blindOutputs(zkp, [{ asset, value: 5000n, assetBlinder: ZERO32, valueBlinder: ZERO32 }], [
        { script, asset, value: 4321n, blindingKey: secp256k1.getPublicKey(key, true) },
      ]);
      const opened = unblindOutput(out!, key);
      const tx = new Transaction();
      tx.addInput(Buffer.alloc(32, 1), 0);
      return { value: String(opened?.value), asset: opened?.asset, txid: tx.getId(), isBuffer: typeof (self as any).Buffer };
    };
    `;
  await build({
    stdin: { contents: entry, resolveDir: ROOT, loader: 'ts', sourcefile: 'entry.ts' },
    outdir: dir,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: ['chrome116', 'firefox128'],
    minify: true,
    plugins: [liquidBuildPlugin()],
    inject: [join(ROOT, 'src/layers/liquid/shims/buffer-global.ts')],
    // As in the real background bundle: tsconfig's `strict` makes esbuild open the
    // whole IIFE with "use strict", which the CommonJS Emscripten glue then runs under.
    tsconfigRaw: { compilerOptions: { alwaysStrict: true } },
    logLevel: 'error',
  });
  code = readFileSync(join(dir, 'stdin.js'), 'utf8');
  wasm = readFileSync(join(dir, ZKP_WASM_FILE));
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('Liquid in the extension bundle', () => {
  it('ships the WebAssembly as a separate file, not inline', () => {
    expect([...wasm.subarray(0, 4)]).toEqual([0x00, 0x61, 0x73, 0x6d]);
    expect(wasm.length).toBeGreaterThan(100_000);
    expect(code).not.toMatch(/base64,AGFzbQ/);
    expect(code.length).toBeLessThan(300_000);
    expect(code.startsWith('"use strict";')).toBe(true);
  });

  /** A fresh realm where eval and `new Function` are refused but WebAssembly may compile: the extension CSP. */
  function extensionRealm(kind: 'chrome-worker' | 'firefox-page', fetched: string[]): Record<string, unknown> {
    const origin = kind === 'chrome-worker' ? ORIGIN : 'moz-extension://0f1e2d3c-4b5a-6978-8796-a5b4c3d2e1f0';
    const sandbox: Record<string, unknown> = {
      fetch: async (url: string) => {
        fetched.push(url);
        if (url !== `${origin}/${ZKP_WASM_FILE}`) return new Response('not found', { status: 404 });
        return new Response(new Uint8Array(wasm), { headers: { 'content-type': 'application/wasm' } });
      },
      crypto: globalThis.crypto,
      performance,
      setTimeout,
      clearTimeout,
      console,
      TextDecoder,
      TextEncoder,
    };
    sandbox.self = sandbox;
    if (kind === 'chrome-worker') {
      sandbox.importScripts = () => undefined;
      sandbox.location = { href: `${origin}/background.js` };
    } else {
      // Firefox runs MV3 background scripts in a generated page.
      sandbox.window = sandbox;
      sandbox.document = { currentScript: { src: `${origin}/background.js` } };
      sandbox.location = { href: `${origin}/_generated_background_page.html` };
    }
    return createContext(sandbox, { codeGeneration: { strings: false, wasm: true } });
  }

  it.each(['chrome-worker', 'firefox-page'] as const)(
    'loads it in a %s realm under the extension CSP by fetching it beside the script, then blinds and unblinds',
    async (kind) => {
      const fetched: string[] = [];
      const realm = extensionRealm(kind, fetched);
      runInContext(code, realm);
      const policy = '5ac9f65c0efcc4775e0baec4ec03abdde22473cd3cf33c0419ca290e0751b225';
      const result = await (realm.run as (a: string) => Promise<Record<string, string>>)(policy);
      expect(fetched).toHaveLength(1);
      expect(fetched[0]).toMatch(new RegExp(`^(chrome|moz)-extension://[^/]+/${ZKP_WASM_FILE}$`));
      expect(result).toMatchObject({ value: '4321', asset: policy, isBuffer: 'undefined' });
      // The create-hash shim gives liquidjs-lib the same txid as in Node.
      const { Transaction } = await import('liquidjs-lib/src/transaction');
      const tx = new Transaction();
      tx.addInput(Buffer.alloc(32, 1), 0);
      expect(result.txid).toBe(tx.getId());
    },
  );
});
