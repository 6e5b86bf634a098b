import { defineConfig } from 'vitest/config'

/**
 * The reliability suite (`npm run test:reliability`): load, outages, rotation, concurrency, bad
 * input at volume, graceful shutdown — each against a `tck serve` child process. Files run one
 * after another: each one loads the machine, and measurements (latency bounds, RSS) must not be
 * skewed by another file's load. `TCK_RELIABILITY_SECONDS` (default 60) scales the load phases.
 */
export default defineConfig({
  test: {
    include: ['tests/reliability/**/*.test.ts'],
    fileParallelism: false,
    pool: 'forks',
    testTimeout: 300_000,
    hookTimeout: 120_000,
    // The measured numbers are printed ([reliability] lines): keep them in the output.
    silent: false,
    reporters: ['default'],
  },
})
