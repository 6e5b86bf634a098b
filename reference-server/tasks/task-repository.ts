import type { Pool } from 'pg'

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

/**
 * Task storage. Every query is scoped by `user_id`, so another user's task id behaves exactly like
 * an id that does not exist (404, never a hint that it exists).
 */
export class TaskRepository {
  constructor(private readonly pool: Pool) {}

  /** The user's tasks, newest first. */
  async list(userId: string): Promise<TaskRow[]> {
    const { rows } = await this.pool.query<TaskRow>(
      `SELECT ${COLUMNS} FROM tasks WHERE user_id = $1 ORDER BY created_at DESC, id DESC`, [userId])
    return rows
  }

  async create(userId: string, input: { title: string; description?: string | null }): Promise<TaskRow> {
    const { rows } = await this.pool.query<TaskRow>(
      `INSERT INTO tasks (user_id, title, description) VALUES ($1, $2, $3) RETURNING ${COLUMNS}`,
      [userId, input.title, input.description ?? null])
    return rows[0]!
  }

  async get(userId: string, id: string): Promise<TaskRow | undefined> {
    const { rows } = await this.pool.query<TaskRow>(
      `SELECT ${COLUMNS} FROM tasks WHERE id = $1 AND user_id = $2`, [id, userId])
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
    const { rows } = await this.pool.query<TaskRow>(
      `UPDATE tasks SET ${sets.join(', ')} WHERE id = $1 AND user_id = $2 RETURNING ${COLUMNS}`, values)
    return rows[0]
  }

  /** Flips `completed` in one statement, so concurrent toggles never lose one another. */
  async toggle(userId: string, id: string): Promise<TaskRow | undefined> {
    const { rows } = await this.pool.query<TaskRow>(
      `UPDATE tasks SET completed = NOT completed, updated_at = ${NEXT_UPDATED_AT}
       WHERE id = $1 AND user_id = $2 RETURNING ${COLUMNS}`, [id, userId])
    return rows[0]
  }

  /** @returns whether a task was deleted. */
  async delete(userId: string, id: string): Promise<boolean> {
    const { rowCount } = await this.pool.query('DELETE FROM tasks WHERE id = $1 AND user_id = $2', [id, userId])
    return (rowCount ?? 0) > 0
  }
}
