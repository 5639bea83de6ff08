/**
 * dist/<browser> with a background built against probe-family.ts instead of the families'
 * registry; everything else is the build's own. Written to a temporary directory.
 */
import { build, type Plugin } from 'esbuild';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundles } from '../../../build.config';
import { CHROME_DIST } from '../chromium';
import { FIREFOX_DIST } from '../firefox';

const probeRegistry: Plugin = {
  name: 'probe-registry',
  setup(b) {
    b.onResolve({ filter: /\/dapp\/registry$/ }, (args) => (args.importer.includes(join('src', 'background')) ? { path: join(import.meta.dirname, 'probe-family.ts') } : undefined));
  },
};

export async function buildProbeExtension(browser: 'chrome' | 'firefox' = 'chrome'): Promise<{ dir: string; remove(): void }> {
  const dir = mkdtempSync(join(tmpdir(), 'layerhop-probe-'));
  cpSync(browser === 'chrome' ? CHROME_DIST : FIREFOX_DIST, dir, { recursive: true });
  const [background] = bundles(dir);
  await build({ ...background!, plugins: [...(background!.plugins ?? []), probeRegistry], metafile: false });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}
