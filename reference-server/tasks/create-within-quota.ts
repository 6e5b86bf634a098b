import type { Pool, QueryResultRow } from 'pg'
import type { PreparedStatements } from './prepared-statements.ts'

/** Thrown by a create that would take the user beyond the quota; nothing was stored. */
export class TaskQuotaExceededError extends Error {
  override readonly name = 'TaskQuotaExceededError'
  constructor(readonly maxTasksPerUser: number) {
    super(`The user already has ${maxTasksPerUser} tasks, the most allowed`)
  }
}

/** One task to create: its owner, its fields, the owner's quota and the columns to return. */
export interface QuotaCreate {
  userId: string
  title: string
  description: string | null
  /** Most tasks the user may have; the create stores nothing when they already have this many. */
  maxTasksPerUser: number
  /** The `RETURNING` list (the repository's columns). */
  returning: string
}

/**
 * Inserts a task unless its user already has `maxTasksPerUser`: then nothing is stored and
 * {@link TaskQuotaExceededError} is thrown. Race-safe: creates of one user take a
 * transaction-scoped advisory lock before counting, so concurrent creates at the limit are
 * serialized and never exceed it (a single INSERT … WHERE count < max would not be: each
 * statement counts in a snapshot taken before the other's insert committed).
 */
export async function createWithinQuota<R extends QueryResultRow>(pool: Pool, statements: PreparedStatements, task: QuotaCreate): Promise<R> {
  const client = await pool.connect()
  // A connection that dies while checked out emits 'error' on the client, and pg-pool listens
  // only on idle clients: unheard, it would crash the server (the database-outage test did).
  // The query in flight fails as well, and that failure is what the caller sees.
  const ignore = () => {}
  client.on('error', ignore)
  let created: R | undefined
  let failure: Error | undefined
  try {
    // READ COMMITTED stated, not inherited: the count must see what the creates that held the lock
    // before this one committed, so its snapshot has to be taken after the lock is granted. READ
    // COMMITTED takes one per statement; under REPEATABLE READ or SERIALIZABLE (a database or role
    // whose default_transaction_isolation says so) the snapshot is the lock statement's, taken
    // before it waited, and every waiting create would count the same total and insert.
    await client.query('BEGIN ISOLATION LEVEL READ COMMITTED')
    // Two int4 keys: a key space apart from migrate()'s single bigint key.
    await statements.run(client, `SELECT pg_advisory_xact_lock(hashtext('tck_task_quota'), hashtext($1))`, [task.userId])
    const { rows } = await statements.run<R>(
      client,
      `INSERT INTO tasks (user_id, title, description)
       SELECT $1::text, $2::text, $3::text WHERE (SELECT count(*) FROM (SELECT 1 FROM tasks WHERE user_id = $1::text LIMIT $4) owned) < $4
       RETURNING ${task.returning}`,
      [task.userId, task.title, task.description, task.maxTasksPerUser],
    )
    await client.query('COMMIT')
    created = rows[0]
  } catch (error) {
    // A statement the database refused leaves the session in an aborted transaction: roll it back
    // (PGlite has one session, shared by every request, so it must be clean for the next one). A
    // connection that is cut, timed out or frozen is destroyed instead, as pool.query does, which
    // ends its transaction on the server; a ROLLBACK there would wait out the query timeout again.
    failure = error as Error
    if (refusedStatement(error))
      failure = await client.query('ROLLBACK').then(
        () => undefined,
        (e: Error) => e,
      )
    throw error
  } finally {
    client.off('error', ignore)
    client.release(failure)
  }
  if (!created) throw new TaskQuotaExceededError(task.maxTasksPerUser)
  return created
}

/** A SQLSTATE error on a live session (not class 08, connection exception, or 57, operator intervention). */
function refusedStatement(error: unknown): boolean {
  const code = (error as { code?: unknown }).code
  return typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code) && !/^(08|57)/.test(code)
}
