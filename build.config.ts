/**
 * Builds the extension for Chrome and Firefox from one source tree:
 *   dist/chrome/   MV3 with background.service_worker
 *   dist/firefox/  MV3 with background.scripts and a gecko id
 *   dist/layerhop-<browser>.zip ready to load or upload.
 * Run: `npm run build` (or `tsx build.config.ts --watch`).
 */
import { build, context, type BuildOptions } from 'esbuild';
import { zipSync } from 'fflate';
import { cpSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

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
      // 142 is the first Firefox (desktop and Android) that knows data_collection_permissions.
      gecko: { id: GECKO_ID, strict_min_version: '142.0', data_collection_permissions: { required: ['none'] } },
    },
  };
}

function bundles(outdir: string): BuildOptions {
  return {
    entryPoints: { background: 'src/background/index.ts', popup: 'src/popup/main.tsx' },
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
  const result = await build(bundles(shared));
  writeFileSync(join(DIST, 'meta.json'), JSON.stringify(result.metafile));
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
  const ctx = await context({
    ...bundles(join(DIST, 'chrome')),
    plugins: [{ name: 'mirror', setup: (b) => b.onEnd(() => cpSync(join(DIST, 'chrome'), join(DIST, 'firefox'), { recursive: true, filter: (p) => !p.endsWith('manifest.json') })) }],
  });
  await ctx.watch();
  console.log('watching src/ for changes…');
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const run = process.argv.includes('--watch') ? watch() : buildAll();
  run.catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
