import type pg from 'pg'

/**
 * Runs `fn` while holding a PostgreSQL session advisory lock named `name` on one client of `pool`,
 * so servers starting at once against one database set it up one after the other.
 * `fn` must use other connections: `pool` needs room for at least two (not PGlite's single one,
 * where the lock holder would starve `fn`; one PGlite folder serves one process anyway).
 */
export async function withAdvisoryLock<T>(pool: pg.Pool, name: string, fn: () => Promise<T>): Promise<T> {
  const client = await pool.connect()
  try {
    await client.query('SELECT pg_advisory_lock(hashtext($1))', [name])
    return await fn()
  } finally {
    // A connection that still holds the lock must not go back to the pool: destroy it instead.
    const unlocked = await client.query('SELECT pg_advisory_unlock(hashtext($1))', [name]).then(
      () => true,
      () => false,
    )
    client.release(!unlocked)
  }
}
