import pg from 'pg'
import { secureStateDir } from '../fs/secure-state-dir.ts'
import { createPGlite } from './prepared-pglite-cluster.ts'

/** A `pg` pool on real PostgreSQL or on embedded PGlite: the rest of the server cannot tell. */
export interface Database {
  readonly pool: pg.Pool
  readonly kind: 'postgres' | 'pglite'
  close(): Promise<void>
}

export interface DatabaseOptions {
  /** PostgreSQL connection string; absent → embedded PGlite. */
  databaseUrl?: string | undefined
  /**
   * PGlite data folder, or `memory://` for a throw-away database. Default `memory://`. The folder is
   * made owner-only (0700, files 0600) before and after PGlite opens it (see `secureStateDir`).
   */
  pgliteDataDir?: string
  /** Pool size for PostgreSQL. Default 10 (PGlite is single-connection). */
  maxConnections?: number
  /**
   * PostgreSQL: how long getting a connection may take (opening one, or waiting for a free one in a
   * full pool), in milliseconds. Default {@link DEFAULT_CONNECT_TIMEOUT_MS}.
   */
  connectTimeoutMs?: number
  /**
   * PostgreSQL: how long the client waits for a query's answer, in milliseconds, before it gives
   * up and drops the connection. Default {@link DEFAULT_QUERY_TIMEOUT_MS}.
   */
  queryTimeoutMs?: number
}

/** Default {@link DatabaseOptions.connectTimeoutMs}. */
export const DEFAULT_CONNECT_TIMEOUT_MS = 5_000
/** Default {@link DatabaseOptions.queryTimeoutMs}. */
export const DEFAULT_QUERY_TIMEOUT_MS = 5_000

/**
 * Opens the database. On PostgreSQL, client-side timeouts keep a dead or frozen database from
 * hanging requests: getting a connection is bounded by `connectTimeoutMs` (a stopped server is
 * refused at once; one that accepts and never answers times out), and every query by
 * `queryTimeoutMs` (a server that stops answering mid-connection, which `statement_timeout` — run
 * by the server itself — cannot catch; pg rejects with "Query read timeout"). Both fail the request with 503; the next query reconnects.
 * Without a URL, PGlite runs in-process (a new cluster copied from the prepared one of `createPGlite`) behind the same `pg.Pool` interface (`createPgConfig`), so
 * one SQL code path serves both.
 */
export async function openDatabase(options: DatabaseOptions = {}): Promise<Database> {
  if (options.databaseUrl) {
    const queryTimeoutMs = options.queryTimeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS
    const pool = new pg.Pool({
      connectionString: options.databaseUrl,
      max: options.maxConnections ?? 10,
      connectionTimeoutMillis: options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS,
      query_timeout: queryTimeoutMs,
      // The server gives up a little after the client, so a statement the client abandoned stops running.
      statement_timeout: queryTimeoutMs + 1_000,
      idleTimeoutMillis: 30_000,
      // TCP keepalive, so an idle connection to a vanished host is noticed and dropped.
      keepAlive: true,
    })
    // An idle client losing its connection must not crash the process; the next query reconnects.
    pool.on('error', () => {})
    return { pool, kind: 'postgres', close: () => pool.end() }
  }
  const { createPgConfig } = await import('@electric-sql/pglite/node-postgres')
  const dataDir = options.pgliteDataDir ?? 'memory://'
  const onDisk = !dataDir.startsWith('memory://')
  // Owner-only (F11): it holds emails, password hashes, sessions and every task. Walked again once
  // open, because PGlite writes its initial cluster with mode 0666 whatever the umask. The folder is
  // wholly PGlite's (PGLITE_DATA_DIR names the cluster's own folder), so all of it is walked.
  if (onDisk) await secureStateDir(dataDir, 'all')
  // A new cluster is copied from a prepared one rather than made by initdb (see createPGlite).
  const pglite = await createPGlite(dataDir)
  if (onDisk) await secureStateDir(dataDir, 'all')
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
