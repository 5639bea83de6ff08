/**
 * secp256k1-zkp's Emscripten glue exits the process on any unhandled rejection; with
 * tests/devnet/no-glue-exit.ts imported first, the host's own handler decides instead.
 * Each case runs in a process of its own: the guard patches `process` for good.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ROOT = join(import.meta.dirname, '../../..');
const TSX = join(ROOT, 'node_modules/.bin/tsx');

/** A process that handles rejections itself, starts the glue as liquidjs-lib does, then rejects once. */
function run(guarded: boolean) {
  const script = [
    guarded ? "import './tests/devnet/no-glue-exit';" : '',
    "import * as confidential from 'liquidjs-lib/src/confidential';",
    "process.on('unhandledRejection', (e) => console.log('host handled', (e as Error).message));",
    'void confidential;',
    "void Promise.reject(new Error('stray'));",
    "setTimeout(() => { console.log('still running'); process.exit(0); }, 300);",
  ].join('\n');
  return spawnSync(TSX, ['--eval', script], { cwd: ROOT, encoding: 'utf8', timeout: 30_000 });
}

describe("secp256k1-zkp's process handlers in Node", () => {
  it('without the guard, a stray rejection ends the process with code 1', () => {
    const r = run(false);
    expect(r.status).toBe(1);
    expect(r.stdout).not.toContain('still running');
  });

  it('with the guard imported first, the host handles it and the process goes on', () => {
    const r = run(true);
    expect(r.stdout).toContain('host handled stray');
    expect(r.stdout).toContain('still running');
    expect(r.status).toBe(0);
  });
});
