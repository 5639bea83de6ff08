import { defineConfig } from 'vitest/config';

// Three suites, run one after another by `npm test`:
//   unit         pure logic, in parallel
//   integration  adapters against local devnet servers each test file starts itself
//   e2e          the built extension in real Chromium and Firefox, one browser at a time
export default defineConfig({
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  test: {
    projects: [
      { extends: true, test: { name: 'unit', include: ['tests/unit/**/*.test.ts'], testTimeout: 30_000 } },
      {
        extends: true,
        test: { name: 'integration', include: ['tests/integration/**/*.test.ts'], testTimeout: 120_000, hookTimeout: 180_000 },
      },
      {
        extends: true,
        test: {
          name: 'e2e',
          include: ['tests/e2e/**/*.test.ts'],
          testTimeout: 180_000,
          hookTimeout: 120_000,
          // One worker runs every file in turn without isolation, so the devnets it starts
          // (tests/e2e/devnets.ts) serve the whole run instead of being started per file.
          fileParallelism: false,
          isolate: false,
        },
      },
    ],
  },
});
