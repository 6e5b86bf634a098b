import { setTimeout as sleep } from 'node:timers/promises'
import type { PageRequest, TaskPage } from '../../contracts/task-limits.ts'
import { NEXT_UPDATED_AT, TASK_COLUMNS, TaskRepository, type TaskChanges, type TaskRow } from '../tasks/task-repository.ts'

/** How long the `slow-concurrent-writes-lost` fault waits between reading and writing a toggle, in ms. */
export const LOST_UPDATE_WINDOW_MS = 100

/** extra-task-field: a column beyond the contract, which only a closed response schema would strip. */
export class ExtraTaskField extends TaskRepository {
  protected override readonly columns = `${TASK_COLUMNS}, user_id || '@example.test' AS owner_email`
}

/** unscoped-task-id: `$2` stays bound (every query keeps its numbering) but no longer scopes (BOLA). */
export class UnscopedTaskId extends TaskRepository {
  protected override readonly byId = 'id = $1 AND $2::text IS NOT NULL'
}

/** leak-other-users-tasks: `$1` stays bound (the numbering holds) but no longer scopes the list. */
export class LeakOtherUsersTasks extends TaskRepository {
  protected override readonly owned = '$1::text IS NOT NULL'
}

/** slow-concurrent-writes-lost, the lost-update bug: read, wait, write the negation of what was read. */
export class SlowConcurrentWritesLost extends TaskRepository {
  override async toggle(userId: string, id: string): Promise<TaskRow | undefined> {
    const before = await this.get(userId, id)
    if (!before) return undefined
    await sleep(LOST_UPDATE_WINDOW_MS)
    const { rows } = await this.query<TaskRow>(
      `UPDATE tasks SET completed = $3, updated_at = ${NEXT_UPDATED_AT} WHERE ${this.byId} RETURNING ${this.columns}`,
      [id, userId, !before.completed],
    )
    return rows[0]
  }
}

/** frozen-updated-at, an ORM column without `onupdate`: changes are written, updated_at goes back to the creation time. */
export class FrozenUpdatedAt extends TaskRepository {
  override async update(userId: string, id: string, changes: TaskChanges): Promise<TaskRow | undefined> {
    return this.#freeze(userId, await super.update(userId, id, changes))
  }

  override async toggle(userId: string, id: string): Promise<TaskRow | undefined> {
    return this.#freeze(userId, await super.toggle(userId, id))
  }

  async #freeze(userId: string, row: TaskRow | undefined): Promise<TaskRow | undefined> {
    if (!row) return row
    const { rows } = await this.pool.query<{ updated_at: Date }>(
      'UPDATE tasks SET updated_at = created_at WHERE id = $1 AND user_id = $2 RETURNING updated_at',
      [row.id, userId],
    )
    return { ...row, updated_at: rows[0]?.updated_at ?? row.updated_at }
  }
}

/** description-null-ignored, the `if body.description is not None` bug: a null description reads as "not sent". */
export class NullDescriptionIgnored extends TaskRepository {
  override update(userId: string, id: string, changes: TaskChanges): Promise<TaskRow | undefined> {
    return super.update(userId, id, changes.description === null ? { ...changes, description: undefined } : changes)
  }
}

/** put-clears-description: an omitted description is written as null rather than kept. */
export class PutClearsDescription extends TaskRepository {
  override update(userId: string, id: string, changes: TaskChanges): Promise<TaskRow | undefined> {
    return super.update(userId, id, { ...changes, description: changes.description ?? null })
  }
}

/** unbounded-list, the list before pagination: limit and offset are validated, then ignored; every task comes back. */
export class UnboundedList extends TaskRepository {
  override list(userId: string, _page: PageRequest): Promise<TaskPage<TaskRow>> {
    return super.list(userId, { limit: Number.MAX_SAFE_INTEGER, offset: 0 })
  }
}
