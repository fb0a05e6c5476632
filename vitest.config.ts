import { defineConfig } from 'vitest/config';

// Each test file boots its own Strapi in its own process; two at a time suits a 2-core machine.
export default defineConfig({
  test: {
    pool: 'forks',
    maxWorkers: Number(process.env.TEST_WORKERS || 2),
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default'],
    projects: [
      { extends: true, test: { name: 'unit', include: ['**/__tests__/**/*.test.ts'], exclude: ['**/node_modules/**', '**/dist/**'] } },
      { extends: true, test: { name: 'integration', include: ['tests/integration/**/*.test.ts'] } },
      { extends: true, test: { name: 'browser', include: ['tests/browser/**/*.test.ts'], maxWorkers: 1 } },
    ],
  },
});
