import { createHash } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import type { Pool, QueryResult, QueryResultRow } from 'pg'
import type { FaultName } from '../faults/faults.ts'

/** A task row as stored; the API serializes it through the contract's closed `Task` schema. */
export interface TaskRow {
  id: string
  user_id: string
  title: string
  description: string | null
  completed: boolean
  created_at: Date
  updated_at: Date
}

/** The only fields a client may write; `id`, `user_id` and timestamps are the server's. */
export interface TaskChanges {
  title?: string
  description?: string | null
  completed?: boolean
}

const COLUMNS = 'id, user_id, title, description, completed, created_at, updated_at'
const WRITABLE = ['title', 'description', 'completed'] as const
// Strictly later than before even within one millisecond, so every change is visible in the API.
const NEXT_UPDATED_AT = "GREATEST(clock_timestamp(), updated_at + interval '1 millisecond')"
/** How long the `slow-concurrent-writes-lost` fault waits between reading and writing a toggle. */
export const LOST_UPDATE_WINDOW_MS = 100

/**
 * Task storage. Every query is scoped by `user_id`, so another user's task id behaves exactly like
 * an id that does not exist (404, never a hint that it exists). `fault` may break one storage rule
 * on purpose (see faults/faults.ts).
 */
export class TaskRepository {
  private readonly fault: FaultName | undefined
  private readonly columns: string
  /** The WHERE clause that finds one task: `$1` is its id, `$2` the verified user id. */
  private readonly byId: string
  /** Prepared-statement name per SQL text (a handful: the fixed queries and update's field combinations). */
  private readonly statementNames = new Map<string, string>()

  constructor(private readonly pool: Pool, options: { fault?: FaultName | undefined } = {}) {
    this.fault = options.fault
    // Fault extra-task-field: a column beyond the contract, which only a closed schema would strip.
    this.columns = this.fault === 'extra-task-field' ? `${COLUMNS}, user_id || '@example.test' AS owner_email` : COLUMNS
    // Fault unscoped-task-id: $2 stays bound (so every query keeps its numbering) but no longer scopes.
    this.byId = this.fault === 'unscoped-task-id' ? 'id = $1 AND $2::text IS NOT NULL' : 'id = $1 AND user_id = $2'
  }

  /** The user's tasks, newest first. */
  async list(userId: string): Promise<TaskRow[]> {
    if (this.fault === 'leak-other-users-tasks') {
      const { rows } = await this.query<TaskRow>(`SELECT ${this.columns} FROM tasks ORDER BY created_at DESC, id DESC`)
      return rows
    }
    const { rows } = await this.query<TaskRow>(
      `SELECT ${this.columns} FROM tasks WHERE user_id = $1 ORDER BY created_at DESC, id DESC`, [userId])
    return rows
  }

  async create(userId: string, input: { title: string; description?: string | null }): Promise<TaskRow> {
    const { rows } = await this.query<TaskRow>(
      `INSERT INTO tasks (user_id, title, description) VALUES ($1, $2, $3) RETURNING ${this.columns}`,
      [userId, input.title, input.description ?? null])
    return rows[0]!
  }

  async get(userId: string, id: string): Promise<TaskRow | undefined> {
    const { rows } = await this.query<TaskRow>(
      `SELECT ${this.columns} FROM tasks WHERE ${this.byId}`, [id, userId])
    return rows[0]
  }

  /** Changes only the fields present in `changes`; an omitted `description` is kept. */
  async update(userId: string, id: string, changes: TaskChanges): Promise<TaskRow | undefined> {
    const sets: string[] = []
    const values: unknown[] = [id, userId]
    for (const field of WRITABLE) {
      if (changes[field] === undefined) continue
      values.push(changes[field])
      sets.push(`${field} = $${values.length}`)
    }
    sets.push(`updated_at = ${NEXT_UPDATED_AT}`)
    const { rows } = await this.query<TaskRow>(
      `UPDATE tasks SET ${sets.join(', ')} WHERE ${this.byId} RETURNING ${this.columns}`, values)
    return rows[0]
  }

  /** Flips `completed` in one statement, so concurrent toggles never lose one another. */
  async toggle(userId: string, id: string): Promise<TaskRow | undefined> {
    if (this.fault === 'slow-concurrent-writes-lost') return this.readThenWriteToggle(userId, id)
    const { rows } = await this.query<TaskRow>(
      `UPDATE tasks SET completed = NOT completed, updated_at = ${NEXT_UPDATED_AT}
       WHERE ${this.byId} RETURNING ${this.columns}`, [id, userId])
    return rows[0]
  }

  /** @returns whether a task was deleted. */
  async delete(userId: string, id: string): Promise<boolean> {
    const { rowCount } = await this.query(`DELETE FROM tasks WHERE ${this.byId}`, [id, userId])
    return (rowCount ?? 0) > 0
  }

  /**
   * Whether a task with this id exists for any user. Only the `forbidden-on-foreign-task` fault
   * asks: the correct server never reveals that another user's task exists.
   */
  async existsForAnyUser(id: string): Promise<boolean> {
    const { rowCount } = await this.query('SELECT 1 FROM tasks WHERE id = $1', [id])
    return (rowCount ?? 0) > 0
  }

  /**
   * Runs `text` as a named prepared statement: each pool connection parses and plans it once and
   * then only binds and executes it, which took PostgreSQL's CPU per list request from ~185 to
   * ~112 µs in `npm run bench` (see BENCHMARKS.md). The name is derived from the text, so
   * repositories with different faults sharing one pool never reuse a name for other SQL.
   */
  private query<R extends QueryResultRow>(text: string, values: unknown[] = []): Promise<QueryResult<R>> {
    let name = this.statementNames.get(text)
    if (name === undefined) {
      name = `tck_${createHash('sha256').update(text).digest('hex').slice(0, 24)}`
      this.statementNames.set(text, name)
    }
    return this.pool.query<R>({ name, text, values })
  }

  /** The lost-update bug: read, wait, write the negation of what was read. */
  private async readThenWriteToggle(userId: string, id: string): Promise<TaskRow | undefined> {
    const before = await this.get(userId, id)
    if (!before) return undefined
    await sleep(LOST_UPDATE_WINDOW_MS)
    const { rows } = await this.query<TaskRow>(
      `UPDATE tasks SET completed = $3, updated_at = ${NEXT_UPDATED_AT} WHERE ${this.byId} RETURNING ${this.columns}`,
      [id, userId, !before.completed])
    return rows[0]
  }
}
