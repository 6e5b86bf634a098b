import { defineConfig } from 'vitest/config'
import { BaseSequencer, type TestSpecification } from 'vitest/node'

/** Files that take minutes (the self-test runs the checklist 40 times): started first, so the rest runs beside them. */
const SLOW = ['tests/check/self-test.test.ts']

class SlowFilesFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]) {
    const sorted = await super.sort(files)
    const slow = (f: TestSpecification) => SLOW.some((path) => f.moduleId.endsWith(path))
    return [...sorted.filter(slow), ...sorted.filter((f) => !slow(f))]
  }
}

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // The reliability suite (load, outages, shutdown) has its own config: npm run test:reliability.
    exclude: ['tests/reliability/**', '**/node_modules/**'],
    // PGlite boots in 3-5 s on a 2-core machine; HTTP tests start real listeners.
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Vitest's default is one worker fewer than the cores: 1 here, which ran every file in series
    // (measured: 725 s, the self-test's 5 minutes included). Most files wait on child processes.
    maxWorkers: 2,
    sequence: { sequencer: SlowFilesFirst },
  },
})
