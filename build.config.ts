/**
 * Builds the extension for Chrome and Firefox from one source tree:
 *   dist/chrome/   MV3 with background.service_worker
 *   dist/firefox/  MV3 with background.scripts and a gecko id
 *   dist/layerhop-<browser>.zip ready to load or upload.
 * Run: `npm run build` (or `tsx build.config.ts --watch`).
 */
import { build, context, type BuildOptions, type Plugin } from 'esbuild';
import { zipSync } from 'fflate';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CONTEXT_CACHE_EXPORT, withCachedContext } from './src/layers/liquid/zkp-context-cache';

export const ROOT = new URL('.', import.meta.url).pathname;
export const DIST = join(ROOT, 'dist');
export const BROWSERS = ['chrome', 'firefox'] as const;
export type Browser = (typeof BROWSERS)[number];

export const GECKO_ID = 'layerhop@layerhop.dev';

export function manifestFor(browser: Browser): Record<string, unknown> {
  const base = JSON.parse(readFileSync(join(ROOT, 'manifest.json'), 'utf8')) as Record<string, unknown>;
  if (browser === 'chrome') {
    return { ...base, background: { service_worker: 'background.js' }, minimum_chrome_version: '116' };
  }
  return {
    ...base,
    background: { scripts: ['background.js'] },
    browser_specific_settings: {
      // data_collection_permissions is known from Firefox 140 on desktop (the ESR Debian ships)
      // and from 142 on Android.
      gecko: { id: GECKO_ID, strict_min_version: '140.0', data_collection_permissions: { required: ['none'] } },
      gecko_android: { strict_min_version: '142.0' },
    },
  };
}

/**
 * Liquid needs three build-time adjustments, all scoped to the packages that need them:
 * - secp256k1-zkp's Emscripten glue carries its WebAssembly inline as base64; it is
 *   moved to dist/<browser>/secp256k1-zkp.wasm (fetched and compiled only when Liquid
 *   is first used, not parsed at every worker start), rewritten on the way to keep one
 *   secp256k1 context (src/layers/liquid/zkp-context-cache.ts), and the glue's Node-only
 *   `require("fs")`/`require("path")` resolve to nothing;
 * - liquidjs-lib hashes through `create-hash`, whose browser build needs Node's
 *   `stream`: aliased to a @noble/hashes shim;
 * - both use the Node global `Buffer`: the `buffer` package is injected where they do;
 * - the glue writes two undeclared variables, fatal in the strict bundle: declared for it.
 * WebAssembly in an extension needs 'wasm-unsafe-eval' in the manifest's CSP.
 */
export const ZKP_WASM_FILE = 'secp256k1-zkp.wasm';
const ZKP_GLUE = /@vulpemventures[\\/]secp256k1-zkp[\\/]dist[\\/]secp256k1-zkp\.js$/;
const INLINE_WASM = /var wasmBinaryFile="data:application\/octet-stream;base64,([A-Za-z0-9+/=]+)";/;

export function liquidBuildPlugin(): Plugin {
  return {
    name: 'liquid',
    setup(b) {
      let wasm: Buffer | null = null;
      b.onResolve({ filter: /^create-hash$/ }, () => ({ path: join(ROOT, 'src/layers/liquid/shims/create-hash.ts') }));
      b.onResolve({ filter: /^(fs|path)$/ }, (args) =>
        /secp256k1-zkp/.test(args.importer) ? { path: args.path, namespace: 'node-only' } : undefined,
      );
      b.onLoad({ filter: /.*/, namespace: 'node-only' }, () => ({ contents: 'module.exports = {};', loader: 'js' }));
      b.onLoad({ filter: ZKP_GLUE }, (args) => {
        const glue = readFileSync(args.path, 'utf8');
        const m = INLINE_WASM.exec(glue);
        if (!m) return { errors: [{ text: 'secp256k1-zkp: inline WebAssembly not found; the library changed, update build.config.ts' }] };
        // Rewritten here, once, to keep its secp256k1 context (zkp-context-cache.ts), so the worker streams the
        // file as it is (compiled while it downloads, and from the browser's code cache on later starts).
        const shipped = Buffer.from(m[1]!, 'base64');
        const rewritten = withCachedContext(shipped);
        if (!rewritten) return { errors: [{ text: 'secp256k1-zkp: its WebAssembly no longer has the shape zkp-context-cache.ts rewrites; the library changed' }] };
        // The extension has no fallback to the shipped module: the rewritten one must compile, with every export kept and one more.
        const exportsOf = (bytes: BufferSource) => WebAssembly.Module.exports(new WebAssembly.Module(bytes)).map((e) => `${e.name}:${e.kind}`);
        if (exportsOf(rewritten).join() !== [...exportsOf(shipped), `${CONTEXT_CACHE_EXPORT}:global`].join()) {
          return { errors: [{ text: 'secp256k1-zkp: the rewritten WebAssembly does not keep the exports of the shipped one' }] };
        }
        wasm = Buffer.from(rewritten);
        // The glue assigns two undeclared globals (Emscripten's i64 scratch in setValue, used by
        // rangeproof rewind); the bundle runs strict (tsconfig `strict`), where that throws.
        const scratch = 'var tempDouble, tempI64;\n';
        return { contents: scratch + glue.replace(m[0], `var wasmBinaryFile="${ZKP_WASM_FILE}";`), loader: 'js' };
      });
      b.onEnd((result) => {
        if (wasm && result.errors.length === 0 && b.initialOptions.outdir) {
          mkdirSync(b.initialOptions.outdir, { recursive: true });
          writeFileSync(join(b.initialOptions.outdir, ZKP_WASM_FILE), wasm);
        }
      });
    },
  };
}

/** Separate builds: the popup must not carry the background's Node shims (Buffer alone is ~30 KB), nor the page scripts either. */
export function bundles(outdir: string): BuildOptions[] {
  const popup = common(outdir, { popup: 'src/popup/main.tsx' });
  const background: BuildOptions = {
    ...common(outdir, { background: 'src/background/index.ts' }),
    plugins: [liquidBuildPlugin()],
    inject: [join(ROOT, 'src/layers/liquid/shims/buffer-global.ts')],
  };
  // The page and content scripts: no shims, nothing of the wallet's but the wire (see tests/e2e/build-output).
  const pageScripts = common(outdir, { inject: 'src/inject/main.ts', content: 'src/content/relay.ts' });
  return [background, popup, pageScripts];
}

function common(outdir: string, entryPoints: Record<string, string>): BuildOptions {
  return {
    entryPoints,
    outdir,
    bundle: true,
    format: 'iife',
    target: ['chrome116', 'firefox128'],
    platform: 'browser',
    minify: true,
    sourcemap: false,
    legalComments: 'none',
    jsx: 'automatic',
    jsxImportSource: 'preact',
    define: { 'process.env.NODE_ENV': '"production"' },
    metafile: true,
    logLevel: 'warning',
  };
}

function zipDir(dir: string, out: string): void {
  const files: Record<string, Uint8Array> = {};
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const path = join(d, name);
      if (statSync(path).isDirectory()) walk(path);
      else files[relative(dir, path)] = readFileSync(path);
    }
  };
  walk(dir);
  writeFileSync(out, zipSync(files, { level: 9 }));
}

export async function buildAll(): Promise<void> {
  rmSync(DIST, { recursive: true, force: true });
  // Both browsers run the same code; bundle once and copy.
  const shared = join(DIST, '.bundle');
  const results = await Promise.all(bundles(shared).map((options) => build(options)));
  const inputs = Object.assign({}, ...results.map((r) => r.metafile!.inputs));
  const outputs = Object.assign({}, ...results.map((r) => r.metafile!.outputs));
  writeFileSync(join(DIST, 'meta.json'), JSON.stringify({ inputs, outputs }));
  for (const browser of BROWSERS) {
    const out = join(DIST, browser);
    mkdirSync(out, { recursive: true });
    cpSync(join(ROOT, 'public'), out, { recursive: true });
    cpSync(shared, out, { recursive: true });
    writeFileSync(join(out, 'manifest.json'), JSON.stringify(manifestFor(browser), null, 2));
    zipDir(out, join(DIST, `layerhop-${browser}.zip`));
  }
  rmSync(shared, { recursive: true, force: true });
}

async function watch(): Promise<void> {
  await buildAll();
  const mirror: Plugin = {
    name: 'mirror',
    setup: (b) => b.onEnd(() => cpSync(join(DIST, 'chrome'), join(DIST, 'firefox'), { recursive: true, filter: (p) => !p.endsWith('manifest.json') })),
  };
  for (const options of bundles(join(DIST, 'chrome'))) {
    const ctx = await context({ ...options, plugins: [...(options.plugins ?? []), mirror] });
    await ctx.watch();
  }
  console.log('watching src/ for changes…');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const run = process.argv.includes('--watch') ? watch() : buildAll();
  run.catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
