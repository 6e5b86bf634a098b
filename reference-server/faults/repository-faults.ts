import type { Pool } from 'pg'
import type { PageRequest, TaskPage } from '../../contracts/task-limits.ts'
import { TaskRepository, type TaskChanges, type TaskRepositoryOptions, type TaskRow } from '../tasks/task-repository.ts'
import type { FaultName } from './faults.ts'

/** The task repository, or for a storage fault below, one that breaks exactly that rule. */
export function repositoryWithFault(pool: Pool, fault: FaultName | undefined, options: Omit<TaskRepositoryOptions, 'fault'> = {}): TaskRepository {
  if (fault === 'frozen-updated-at') return new FrozenUpdatedAt(pool, { ...options, fault })
  if (fault === 'description-null-ignored') return new NullDescriptionIgnored(pool, { ...options, fault })
  if (fault === 'unbounded-list') return new UnboundedList(pool, { ...options, fault })
  return new TaskRepository(pool, { ...options, fault })
}

/** An ORM column without `onupdate`: changes are written, updated_at goes back to the creation time. */
class FrozenUpdatedAt extends TaskRepository {
  readonly #pool: Pool
  constructor(pool: Pool, options: TaskRepositoryOptions) {
    super(pool, options)
    this.#pool = pool
  }

  override async update(userId: string, id: string, changes: TaskChanges): Promise<TaskRow | undefined> {
    return this.#freeze(userId, await super.update(userId, id, changes))
  }

  override async toggle(userId: string, id: string): Promise<TaskRow | undefined> {
    return this.#freeze(userId, await super.toggle(userId, id))
  }

  async #freeze(userId: string, row: TaskRow | undefined): Promise<TaskRow | undefined> {
    if (!row) return row
    const { rows } = await this.#pool.query<{ updated_at: Date }>(
      'UPDATE tasks SET updated_at = created_at WHERE id = $1 AND user_id = $2 RETURNING updated_at', [row.id, userId])
    return { ...row, updated_at: rows[0]?.updated_at ?? row.updated_at }
  }
}

/** The `if body.description is not None` bug: a null description reads as "not sent". */
class NullDescriptionIgnored extends TaskRepository {
  override update(userId: string, id: string, changes: TaskChanges): Promise<TaskRow | undefined> {
    return super.update(userId, id, changes.description === null ? { ...changes, description: undefined } : changes)
  }
}

/** The list before pagination: limit and offset are validated, then ignored; every task comes back. */
class UnboundedList extends TaskRepository {
  override list(userId: string, _page: PageRequest): Promise<TaskPage<TaskRow>> {
    return super.list(userId, { limit: Number.MAX_SAFE_INTEGER, offset: 0 })
  }
}
