import { defineConfig } from 'vitest/config';

// Tests import the workspace packages from their TypeScript sources (the "@arachne/source" export
// condition); the `arachne` binary the end-to-end tests run uses the built JavaScript, which
// vitest.setup.ts brings up to date first.
const conditions = ['@arachne/source', 'module', 'node', 'development|production'];

export default defineConfig({
  ssr: { resolve: { conditions } },
  test: {
    include: ['packages/*/src/**/*.test.ts', 'packages/*/test/**/*.test.ts', 'examples/*/test/**/*.test.ts'],
    globalSetup: ['./vitest.setup.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: 'forks',
    reporters: ['default', './vitest.summary.ts'],
  },
});
