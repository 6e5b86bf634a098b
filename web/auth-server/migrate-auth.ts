// 1.7 exports it from /db/migration (older docs say 'better-auth/db', where it is not exported).
import { getMigrations } from 'better-auth/db/migration'
import type { BetterAuthOptions } from 'better-auth'

/** What {@link migrateAuth} changed. */
export interface AuthMigrationResult {
  /** Tables created by this call (e.g. `user`, `session`, `account`, `verification`, `jwks`, `rateLimit`). */
  createdTables: string[]
  /** Existing tables that got new columns. */
  alteredTables: string[]
}

/**
 * Creates or extends Better Auth's tables for `auth`'s options (core tables, the JWT plugin's `jwks`,
 * and `rateLimit` for database rate limiting). Runs in-process through `getMigrations` rather than
 * the `@better-auth/cli`, which needs Node 22. A no-op when the schema is current. Not safe to run
 * concurrently against one database: wrap it in `withAdvisoryLock` there.
 */
export async function migrateAuth(auth: { options: BetterAuthOptions }): Promise<AuthMigrationResult> {
  const { toBeCreated, toBeAdded, runMigrations } = await getMigrations(auth.options)
  await runMigrations()
  return { createdTables: toBeCreated.map((t) => t.table), alteredTables: toBeAdded.map((t) => t.table) }
}
