import { defineConfig } from 'vitest/config';

// `pnpm test:install`: test/install.test.ts, which installs Arachne from this clone into temporary folders.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 300_000,
    hookTimeout: 600_000,
    pool: 'forks',
    reporters: ['default', './vitest.summary.ts'],
  },
});
