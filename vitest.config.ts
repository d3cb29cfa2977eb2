import { defineConfig } from 'vitest/config';

/** Tests that sample the process's memory: they run after the others, one file at a time, so no other test's load skews them. */
const SERIAL = ['packages/core/src/downloader/middlewares/httpCompression.test.ts', 'packages/core/src/spiders/feedMemory.test.ts'];

// Guards against hangs, not speed checks: end-to-end tests that spawn the CLI take many times longer on a loaded 2-core machine.
const shared = {
  testTimeout: 120_000,
  hookTimeout: 120_000,
  pool: 'forks' as const,
};

// Tests import the workspace packages from their TypeScript sources (the "@arachne/source" export
// condition, then Vite's own server conditions); the `arachne` binary the end-to-end tests run uses
// the built JavaScript, which vitest.setup.ts brings up to date first.
const ssr = { resolve: { conditions: ['@arachne/source', 'module', 'node', 'development|production'] } };

export default defineConfig({
  test: {
    globalSetup: ['./vitest.setup.ts'],
    reporters: ['default', './vitest.summary.ts'],
    projects: [
      {
        ssr,
        test: {
          ...shared,
          name: 'parallel',
          include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'examples/*/test/**/*.test.ts'],
          exclude: ['**/node_modules/**', ...SERIAL],
          sequence: { groupOrder: 0 },
        },
      },
      {
        ssr,
        test: {
          ...shared,
          name: 'serial',
          include: SERIAL,
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
