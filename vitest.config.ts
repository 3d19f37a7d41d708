import { defineConfig } from 'vitest/config';

// Unit and real-data tests run in Node (the engine is DOM-free); the end-to-end
// tests in a real Chromium are driven separately by scripts/test-all.mjs.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 120_000,
    pool: 'forks',
    maxWorkers: 2,
  },
});
