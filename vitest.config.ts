import { defineConfig } from 'vitest/config';

// Tests drive real threads and child processes against the built dist/ (see
// pretest); on a loaded 2-core machine they need room, not parallel files.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
