/**
 * The test suite's edge: the only place tests read the environment.
 * `DATABASE_URL` (an admin URL to a PostgreSQL server, e.g. postgres://postgres@127.0.0.1:5432/test)
 * turns on the storage tests against real PostgreSQL; each test file creates and drops its own database.
 */
export const testEnv = Object.freeze({
  databaseUrl: process.env.DATABASE_URL?.trim() || undefined,
  ci: process.env.CI === 'true',
  /**
   * `TCK_RELIABILITY_SECONDS`: how long the reliability suite (tests/reliability/) holds its load
   * phases. Default 60 (the full length); CI sets ~15. Other phases scale with it.
   */
  reliabilitySeconds: reliabilitySeconds(process.env.TCK_RELIABILITY_SECONDS),
  /**
   * `TCK_RELIABILITY_FAULT`: a `TCK_FAULT` name every server of the reliability suite is started
   * with, to see which of its tests catch that fault. Unset (the default) runs the correct server.
   */
  reliabilityFault: process.env.TCK_RELIABILITY_FAULT?.trim() || undefined,
  /**
   * `TCK_E2E_NEXTJS=1`: the browser checklist (playwright.config.ts) also runs against
   * examples/nextjs-app in mock mode (project `nextjs-mock`; global-setup.ts packs, installs and builds it).
   */
  e2eNextjs: process.env.TCK_E2E_NEXTJS === '1',
  /**
   * `TCK_E2E_NEXTJS_APP`: an already built mock-mode copy of examples/nextjs-app (a folder
   * global-setup.ts printed) to start instead of packing, installing and building again.
   */
  e2eNextjsApp: process.env.TCK_E2E_NEXTJS_APP?.trim() || undefined,
})

function reliabilitySeconds(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === '') return 60
  const value = Number(raw)
  if (!Number.isFinite(value) || value < 3 || value > 3600) {
    throw new Error(`TCK_RELIABILITY_SECONDS must be a number of seconds from 3 to 3600 (got "${raw}")`)
  }
  return value
}

/** Why PostgreSQL-backed tests are skipped, shown in the report. */
export const NO_POSTGRES_REASON = 'DATABASE_URL is not set: real-PostgreSQL tests skipped (PGlite tests still run)'
