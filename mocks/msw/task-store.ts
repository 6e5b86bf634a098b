import type { components } from '../../contracts/generated/task-api.ts'
import type { PageRequest, TaskPage } from '../../contracts/task-limits.ts'
import { fakeTasks, type SeedOptions } from './fake-tasks.ts'

export type { SeedOptions } from './fake-tasks.ts'

/** A stored task, exactly as the contract's closed `Task` schema returns it. */
export type Task = components['schemas']['Task']

/** What `create` accepts (the contract's `TaskCreate`). */
export type TaskInput = components['schemas']['TaskCreate']

/**
 * What `update` accepts: only these fields change; an `undefined` one is kept, and
 * `description: null` clears the description (the contract's `TaskUpdate`).
 */
export type TaskChanges = components['schemas']['TaskUpdate']

/** Options of {@link TaskStore}. */
export interface TaskStoreOptions {
  /** Clock in epoch milliseconds. Default `Date.now`. */
  now?: () => number
}

interface Row {
  task: Task
  /** Insertion order: breaks created_at ties so "newest first" holds within one millisecond. */
  seq: number
}

/**
 * In-memory tasks with the reference server's semantics (reference-server/tasks/task-repository.ts):
 * every read and write is scoped by the user id, so another user's task id behaves exactly like an
 * id that does not exist. Callers get copies; nothing they do changes a stored row.
 * Browser-safe: ids come from `globalThis.crypto.randomUUID`.
 */
export class TaskStore {
  readonly #rows = new Map<string, Row>()
  readonly #now: () => number
  #seq = 0

  constructor(options: TaskStoreOptions = {}) {
    this.#now = options.now ?? Date.now
  }

  /** The user's tasks, newest first (created_at descending). */
  list(userId: string): Task[] {
    return [...this.#rows.values()]
      .filter((row) => row.task.user_id === userId)
      .sort((a, b) => b.task.created_at.localeCompare(a.task.created_at) || b.seq - a.seq)
      .map((row) => ({ ...row.task }))
  }

  /**
   * One page of the user's tasks, in {@link list}'s order (newest first, ties by insertion), and
   * the user's total: what the list operation answers for `?limit=&offset=`.
   */
  page(userId: string, page: PageRequest): TaskPage<Task> {
    const all = this.list(userId)
    return { tasks: all.slice(page.offset, page.offset + page.limit), total: all.length }
  }

  /** How many tasks the user has. */
  count(userId: string): number {
    let n = 0
    for (const row of this.#rows.values()) if (row.task.user_id === userId) n++
    return n
  }

  /** Creates a task: new uuid, `completed: false`, `created_at` = `updated_at` (ISO, ms precision). */
  create(userId: string, input: TaskInput): Task {
    const at = new Date(this.#now()).toISOString()
    return this.#insert({
      id: globalThis.crypto.randomUUID(),
      user_id: userId,
      title: input.title,
      description: input.description ?? null,
      completed: false,
      created_at: at,
      updated_at: at,
    })
  }

  /** The task, or `undefined` when it does not exist for this user. */
  get(userId: string, id: string): Task | undefined {
    const row = this.#find(userId, id)
    return row && { ...row.task }
  }

  /** Changes only the fields present in `changes`; `updated_at` moves forward. */
  update(userId: string, id: string, changes: TaskChanges): Task | undefined {
    const row = this.#find(userId, id)
    if (!row) return undefined
    if (changes.title !== undefined) row.task.title = changes.title
    if (changes.description !== undefined) row.task.description = changes.description
    if (changes.completed !== undefined) row.task.completed = changes.completed
    return this.#touch(row)
  }

  /** Flips `completed`; `updated_at` moves forward. */
  toggle(userId: string, id: string): Task | undefined {
    const row = this.#find(userId, id)
    if (!row) return undefined
    row.task.completed = !row.task.completed
    return this.#touch(row)
  }

  /** @returns whether a task of this user was deleted. */
  delete(userId: string, id: string): boolean {
    return this.#find(userId, id) !== undefined && this.#rows.delete(id)
  }

  /**
   * Adds `perUser` (default 3) fake tasks per user, created within the last 30 days, from a seeded
   * Faker (`seed`, default 42): the same seed gives the same ids and titles. Seeding twice with
   * the same seed replaces those tasks rather than duplicating them (same ids).
   * @returns the created tasks, in creation order.
   */
  seed(users: readonly string[], options: SeedOptions = {}): Task[] {
    return fakeTasks(users, options, this.#now()).map((task) => this.#insert(task))
  }

  /** Every task of every user, oldest first: what {@link restore} takes back (e.g. after a page reload). */
  all(): Task[] {
    return [...this.#rows.values()].sort((a, b) => a.task.created_at.localeCompare(b.task.created_at) || a.seq - b.seq).map((row) => ({ ...row.task }))
  }

  /** Puts tasks back exactly as {@link all} returned them (ids and timestamps kept); a task with a known id replaces it. */
  restore(tasks: readonly Task[]): void {
    for (const task of tasks) this.#insert({ ...task })
  }

  /** Removes every task. */
  reset(): void {
    this.#rows.clear()
    this.#seq = 0
  }

  #find(userId: string, id: string): Row | undefined {
    const row = this.#rows.get(id)
    return row?.task.user_id === userId ? row : undefined
  }

  #insert(task: Task): Task {
    this.#rows.set(task.id, { task, seq: this.#seq++ })
    return { ...task }
  }

  /** At least 1 ms after the previous value, so every change is visible even within one millisecond. */
  #touch(row: Row): Task {
    const next = Math.max(this.#now(), Date.parse(row.task.updated_at) + 1)
    row.task.updated_at = new Date(next).toISOString()
    return { ...row.task }
  }
}
