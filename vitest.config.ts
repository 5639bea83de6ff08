import { defineConfig } from 'vitest/config';
import { BaseSequencer, type TestSpecification } from 'vitest/node';

/**
 * Test files in the order the workers should take them: the longest first, so no worker
 * starts a long file while the other has run dry. Vitest orders by the durations it cached
 * on an earlier run, else by file size; a clean clone has no cache and its largest files
 * are not its slowest (the pairs table is mid-sized and takes minutes). The files below
 * (durations measured on the 2-core CI machine) go first, in this order; the others
 * follow in Vitest's own order.
 */
const SLOW_FIRST = [
  // integration (two files at a time; the CI run before files shared a worker's Boltz devnets)
  'tests/integration/hops/all-pairs.test.ts', // ~69 s
  'tests/integration/hops/boltz/rbtc-lightning.test.ts', // ~61 s
  'tests/integration/hops/boltz/boltz.test.ts', // ~57 s
  'tests/integration/hops/boltz/chain-recovery.test.ts', // ~56 s
  'tests/integration/hops/boltz/liquid.test.ts', // ~49 s
  'tests/integration/hops/boltz/statuses.test.ts', // ~28 s
  'tests/integration/hops/boltz/quote-fees.test.ts', // ~26 s
  'tests/integration/hops/chained/chain.test.ts', // ~25 s
  // e2e (two browsers at a time; tests' own time, measured with other work on the machine)
  'tests/e2e/chromium-wallet.test.ts', // ~74 s, 60 s of it the auto-lock alarm
  'tests/e2e/chromium-move-chained.test.ts', // ~55 s
  'tests/e2e/chromium-refund-clock.test.ts', // ~39 s
  'tests/e2e/chromium-move-external.test.ts', // ~38 s
  'tests/e2e/build-output.test.ts', // ~13-110 s: web-ext lint
  'tests/e2e/chromium-labels.test.ts', // ~26 s
  'tests/e2e/chromium-dapp-rootstock.test.ts', // ~26 s
  'tests/e2e/chromium-zh-errors.test.ts', // ~20 s
  // unit (the longest file, so it does not end the run alone)
  'tests/unit/layers/liquid/rangeproof-rewind.test.ts',
];

/**
 * The Firefox files go after every other, together: they share one Firefox per worker
 * (tests/e2e/firefox.ts), which idles at about 5 % of a core between them until the worker
 * ends. Longest first among them.
 */
const FIREFOX_LAST = /\/tests\/e2e\/firefox-/;
const FIREFOX_SLOW_FIRST = ['firefox-zh', 'firefox-move', 'firefox-bitcoin'];

class SlowFirstSequencer extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const rank = (f: TestSpecification) => {
      if (FIREFOX_LAST.test(f.moduleId)) {
        const j = FIREFOX_SLOW_FIRST.findIndex((name) => f.moduleId.endsWith(`/${name}.test.ts`));
        return SLOW_FIRST.length + 1 + (j < 0 ? FIREFOX_SLOW_FIRST.length : j);
      }
      const i = SLOW_FIRST.findIndex((path) => f.moduleId.endsWith(`/${path}`));
      return i < 0 ? SLOW_FIRST.length : i;
    };
    const sorted = await super.sort(files);
    // Projects stay in Vitest's order; array sort is stable, so the unlisted keep it too.
    const project = (f: TestSpecification) => sorted.findIndex((g) => g.project.name === f.project.name);
    return sorted.sort((a, b) => project(a) - project(b) || rank(a) - rank(b));
  }
}

// Three suites; `npm test` (tests/run-suites.ts) runs build then e2e beside half the unit files then integration,
// and the other half and the type-check after whichever lane ends first:
//   unit         pure logic, two worker threads, files in turn with our modules evaluated anew per file
//   integration  adapters against local devnet servers on free ports, two files at a time (they wait
//                on their servers as much as they compute); a worker's Boltz devnets serve all its files
//   e2e          the built extension in real Chromium and Firefox, two browsers at a time; each
//                of the two workers runs its files in turn without isolation, so the devnets it
//                starts (tests/e2e/devnets.ts) serve all its files instead of being started per file
export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  test: {
    // Keyed errors carry their English message in tests, as in the background; secp256k1-zkp's glue may not exit a worker.
    setupFiles: ['tests/devnet/no-glue-exit.ts', 'tests/helpers/english-messages.ts'],
    // expect.poll waits for something that must come (an event across the browser's processes, a
    // relay's round trip): 1 s, Vitest's default, is short for CI's 2 cores beside the devnets and Chromium.
    expect: { poll: { timeout: 10_000 } },
    // The longest files first (SLOW_FIRST above), so the last to end is a short one.
    sequence: { sequencer: SlowFirstSequencer },
    projects: [
      // Threads, not forks: a file's worker starts in a fraction of a process's time (about 9 % less CPU
      // over the suite); two of them, where Vitest's default on 2 cores is one.
      // Not isolated: each worker runs file after file with the packages loaded once (a fresh worker per
      // file was about 40 % of the suite's CPU); fresh-modules.ts evaluates our own modules anew per file.
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['tests/unit/**/*.test.ts'],
          testTimeout: 30_000,
          pool: 'threads',
          maxWorkers: 2,
          isolate: false,
          setupFiles: ['tests/devnet/no-glue-exit.ts', 'tests/helpers/fresh-modules.ts'],
        },
      },
      {
        extends: true,
        // Each worker runs its files in turn without isolation, so the Boltz devnets (tests/integration/hops/boltz/helpers.ts)
        // and the modules every file imports are set up once per worker instead of once per file.
        test: { name: 'integration', include: ['tests/integration/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 180_000, isolate: false, maxWorkers: 2 },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          setupFiles: ['tests/devnet/no-glue-exit.ts', 'tests/helpers/english-messages.ts', 'tests/e2e/exit-witness.ts'],
          testTimeout: 180_000,
          hookTimeout: 120_000,
          isolate: false,
          maxWorkers: 2,
        },
      },
    ],
  },
});
