import { defineConfig } from 'vitest/config';

// Browser end-to-end tests: Debian's Chromium (playwright-core), the real host and its
// FakeRealtimeServer. Run after `npm run build` (the host serves frontend/dist).
export default defineConfig({
  test: {
    root: new URL('.', import.meta.url).pathname,
    include: ['*.e2e.ts'],
    environment: 'node',
    // One browser and one host at a time: the machine has two cores.
    fileParallelism: false,
    testTimeout: 120_000,
    hookTimeout: 240_000,
  },
});
