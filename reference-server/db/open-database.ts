import { mkdirSync } from 'node:fs'
import pg from 'pg'

/** A `pg` pool on real PostgreSQL or on embedded PGlite: the rest of the server cannot tell. */
export interface Database {
  readonly pool: pg.Pool
  readonly kind: 'postgres' | 'pglite'
  close(): Promise<void>
}

export interface DatabaseOptions {
  /** PostgreSQL connection string; absent → embedded PGlite. */
  databaseUrl?: string | undefined
  /** PGlite data folder, or `memory://` for a throw-away database. Default `memory://`. */
  pgliteDataDir?: string
  /** Pool size for PostgreSQL. Default 10 (PGlite is single-connection). */
  maxConnections?: number
}

/**
 * Opens the database. On PostgreSQL, connection and statement timeouts keep a dead database from
 * hanging requests (they fail fast and answer 503). Without a URL, PGlite runs in-process behind
 * the same `pg.Pool` interface (`createPgConfig`), so one SQL code path serves both.
 */
export async function openDatabase(options: DatabaseOptions = {}): Promise<Database> {
  if (options.databaseUrl) {
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.maxConnections ?? 10,
      connectionTimeoutMillis: 5_000,
      statement_timeout: 10_000,
      idleTimeoutMillis: 30_000,
    })
    // An idle client losing its connection must not crash the process; the next query reconnects.
    pool.on('error', () => {})
    return { pool, kind: 'postgres', close: () => pool.end() }
  }
  const { PGlite } = await import('@electric-sql/pglite')
  const { createPgConfig } = await import('@electric-sql/pglite/node-postgres')
  const dataDir = options.pgliteDataDir ?? 'memory://'
  if (!dataDir.startsWith('memory://')) mkdirSync(dataDir, { recursive: true })
  const pglite = await PGlite.create(dataDir)
  const pool = new pg.Pool(createPgConfig(pglite) as pg.PoolConfig)
  return {
    pool,
    kind: 'pglite',
    async close() {
      await pool.end()
      await pglite.close()
    },
  }
}
