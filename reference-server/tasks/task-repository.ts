import type { Pool, QueryResult, QueryResultRow } from 'pg'
import { DEFAULT_MAX_TASKS_PER_USER, type PageRequest, type TaskPage } from '../../contracts/task-limits.ts'
import { createWithinQuota } from './create-within-quota.ts'
import { PreparedStatements } from './prepared-statements.ts'

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

/** Options of {@link TaskRepository}. */
export interface TaskRepositoryOptions {
  /** Most tasks one user may have; a create beyond it stores nothing. Default {@link DEFAULT_MAX_TASKS_PER_USER}. */
  maxTasksPerUser?: number
}

/** The only fields a client may write; `id`, `user_id` and timestamps are the server's. */
export interface TaskChanges {
  title?: string
  description?: string | null
  completed?: boolean
}

/** Every column of a task, as the queries return them. */
export const TASK_COLUMNS = 'id, user_id, title, description, completed, created_at, updated_at'
const WRITABLE = ['title', 'description', 'completed'] as const
/** SQL for a changed task's `updated_at`: strictly later than before even within one millisecond, so every change is visible in the API. */
export const NEXT_UPDATED_AT = "GREATEST(clock_timestamp(), updated_at + interval '1 millisecond')"

/**
 * Task storage. Every query is scoped by `user_id`, so another user's task id behaves exactly like
 * an id that does not exist (404, never a hint that it exists). The SQL parts below are protected
 * so that a subclass can change one of them (the self-test's faults, faults/repository-faults.ts).
 */
export class TaskRepository {
  /** The columns every query returns. */
  protected readonly columns: string = TASK_COLUMNS
  /** The WHERE clause that finds one task: `$1` is its id, `$2` the verified user id. */
  protected readonly byId: string = 'id = $1 AND user_id = $2'
  /** The WHERE clause of the list, the user's tasks: `$1` is the verified user id. */
  protected readonly owned: string = 'user_id = $1'
  private readonly maxTasksPerUser: number
  private readonly statements = new PreparedStatements()

  constructor(
    protected readonly pool: Pool,
    options: TaskRepositoryOptions = {},
  ) {
    this.maxTasksPerUser = options.maxTasksPerUser ?? DEFAULT_MAX_TASKS_PER_USER
  }

  /**
   * One page of the user's tasks, newest first, and their total, read in one statement (one
   * snapshot, so the total matches the page). `id` breaks ties of `created_at`, so consecutive
   * pages never overlap or skip; the index on (user_id, created_at DESC, id DESC) serves both.
   */
  async list(userId: string, page: PageRequest): Promise<TaskPage<TaskRow>> {
    const { rows } = await this.query<TaskRow & { total: number }>(
      `SELECT n.total, p.* FROM (SELECT count(*)::int AS total FROM tasks WHERE ${this.owned}) n
       LEFT JOIN LATERAL (SELECT ${this.columns} FROM tasks WHERE ${this.owned}
         ORDER BY created_at DESC, id DESC LIMIT $2 OFFSET $3) p ON true`,
      // An offset past any bigint is past every task: clamped, PostgreSQL would answer 22003 (500).
      [userId, page.limit, Math.min(page.offset, Number.MAX_SAFE_INTEGER)],
    )
    const total = rows[0]?.total ?? 0
    // An empty page still brings the total: one row whose task columns are all NULL.
    return { total, tasks: rows.filter((row) => row.id !== null).map(({ total: _total, ...task }) => task) }
  }

  /** Creates a task, or throws `TaskQuotaExceededError` at `maxTasksPerUser` (race-safe: {@link createWithinQuota}). */
  create(userId: string, input: { title: string; description?: string | null }): Promise<TaskRow> {
    return createWithinQuota<TaskRow>(this.pool, this.statements, {
      userId,
      title: input.title,
      description: input.description ?? null,
      maxTasksPerUser: this.maxTasksPerUser,
      returning: this.columns,
    })
  }

  async get(userId: string, id: string): Promise<TaskRow | undefined> {
    const { rows } = await this.query<TaskRow>(`SELECT ${this.columns} FROM tasks WHERE ${this.byId}`, [id, userId])
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
    const { rows } = await this.query<TaskRow>(`UPDATE tasks SET ${sets.join(', ')} WHERE ${this.byId} RETURNING ${this.columns}`, values)
    return rows[0]
  }

  /** Flips `completed` in one statement, so concurrent toggles never lose one another. */
  async toggle(userId: string, id: string): Promise<TaskRow | undefined> {
    const { rows } = await this.query<TaskRow>(
      `UPDATE tasks SET completed = NOT completed, updated_at = ${NEXT_UPDATED_AT}
       WHERE ${this.byId} RETURNING ${this.columns}`,
      [id, userId],
    )
    return rows[0]
  }

  /** @returns whether a task was deleted. */
  async delete(userId: string, id: string): Promise<boolean> {
    const { rowCount } = await this.query(`DELETE FROM tasks WHERE ${this.byId}`, [id, userId])
    return (rowCount ?? 0) > 0
  }

  /** Runs `text` as a named prepared statement (see {@link PreparedStatements}). */
  protected query<R extends QueryResultRow>(text: string, values: unknown[] = []): Promise<QueryResult<R>> {
    return this.statements.run<R>(this.pool, text, values)
  }
}
