import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // PGlite boots in 3-5 s on a 2-core machine; HTTP tests start real listeners.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
})
