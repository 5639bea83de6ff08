/** The peer libraries the bench compares us with stay dev dependencies: the extension never ships them. */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const root = join(import.meta.dirname, '../../../..');
const PEERS = ['coinselect', 'bolt11'];

describe('peer libraries', () => {
  it('are dev dependencies only', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as Record<string, Record<string, string>>;
    for (const peer of PEERS) {
      expect(pkg.devDependencies).toHaveProperty(peer);
      expect(pkg.dependencies).not.toHaveProperty(peer);
    }
  });

  it('are imported by nothing under src/', () => {
    const files = readdirSync(join(root, 'src'), { recursive: true, encoding: 'utf8' }).filter((f) => /\.tsx?$/.test(f));
    expect(files.length).toBeGreaterThan(50);
    const importsOf = (text: string) => [...text.matchAll(/(?:from\s+|import\s*\(\s*|require\s*\(\s*)['"]([^'"]+)['"]/g)].map((m) => m[1]!.split('/')[0]!);
    const offenders = files.filter((f) => importsOf(readFileSync(join(root, 'src', f), 'utf8')).some((m) => PEERS.includes(m)));
    expect(offenders).toEqual([]);
  });
});
