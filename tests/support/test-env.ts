/**
 * The test suite's edge: the only place tests read the environment.
 * `DATABASE_URL` (an admin URL to a PostgreSQL server, e.g. postgres://postgres@127.0.0.1:5432/test)
 * turns on the storage tests against real PostgreSQL; each test file creates and drops its own database.
 */
export const testEnv = Object.freeze({
  databaseUrl: process.env.DATABASE_URL?.trim() || undefined,
  ci: process.env.CI === 'true',
})

/** Why PostgreSQL-backed tests are skipped, shown in the report. */
export const NO_POSTGRES_REASON = 'DATABASE_URL is not set: real-PostgreSQL tests skipped (PGlite tests still run)'
