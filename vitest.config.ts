import { defineConfig } from 'vitest/config';

// Three suites; `npm test` (tests/run-suites.ts) runs unit then integration beside build then e2e:
//   unit         pure logic, in parallel
//   integration  adapters against local devnet servers each test file starts itself on free
//                ports, two files at a time (they wait on their servers as much as they compute)
//   e2e          the built extension in real Chromium and Firefox, two browsers at a time; each
//                of the two workers runs its files in turn without isolation, so the devnets it
//                starts (tests/e2e/devnets.ts) serve all its files instead of being started per file
export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  test: {
    // Keyed errors carry their English message in tests, as in the background.
    setupFiles: ['tests/helpers/english-messages.ts'],
    projects: [
      { extends: true, test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], testTimeout: 30_000 } },
      {
        extends: true,
        test: { name: 'integration', include: ['tests/integration/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 180_000, maxWorkers: 2 },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 120_000,
          isolate: false,
          maxWorkers: 2,
        },
      },
    ],
  },
});
