import { defineConfig } from 'vitest/config';

// Integration and browser files each boot their own Strapi in their own process; two at a time suits
// a 2-core machine. Unit tests (pure modules, `__tests__` folders beside them) need no Strapi and run
// in threads, all of them in a few seconds: `npm run test:unit`.
export default defineConfig({
  test: {
    pool: 'forks',
    maxWorkers: Number(process.env.TEST_WORKERS || 2),
    testTimeout: 60_000,
    hookTimeout: 120_000,
    reporters: ['default'],
    projects: [
      {
        extends: true,
        test: {
          name: 'unit',
          include: ['packages/*/src/**/__tests__/**/*.test.ts', 'plugins/*/server/src/**/__tests__/**/*.test.ts', 'site/src/**/__tests__/**/*.test.ts', 'cms/src/**/__tests__/**/*.test.ts', 'scripts/**/__tests__/**/*.test.ts'],
          pool: 'threads',
          isolate: false,
          testTimeout: 10_000,
        },
      },
      { extends: true, test: { name: 'integration', include: ['tests/integration/**/*.test.ts'] } },
      { extends: true, test: { name: 'browser', include: ['tests/browser/**/*.test.ts'], maxWorkers: 1 } },
    ],
  },
});
