import { TaskStore, type SeedOptions, type Task, type TaskChanges, type TaskInput } from '../task-store.ts'

/**
 * The mock's {@link TaskStore} with change notification, so tasks can be saved after every change and
 * survive a page reload (mock mode only). Semantics stay TaskStore's: every method delegates to it.
 */
export class PersistentTaskStore extends TaskStore {
  readonly #onChange: () => void
  #restoring = false

  /** `onChange` runs after every change (not during `restore()`). */
  constructor(onChange: () => void = () => {}) {
    super()
    this.#onChange = onChange
  }

  override create(userId: string, input: TaskInput): Task {
    return this.#changed(super.create(userId, input))
  }

  override update(userId: string, id: string, changes: TaskChanges): Task | undefined {
    return this.#changed(super.update(userId, id, changes))
  }

  override toggle(userId: string, id: string): Task | undefined {
    return this.#changed(super.toggle(userId, id))
  }

  override delete(userId: string, id: string): boolean {
    return this.#changed(super.delete(userId, id))
  }

  override seed(users: readonly string[], options?: SeedOptions): Task[] {
    return this.#changed(super.seed(users, options))
  }

  override reset(): void {
    super.reset()
    this.#changed(undefined)
  }

  /** Every task of every user, oldest first (what `restore()` takes). */
  snapshot(): Task[] {
    return this.all()
  }

  /** Adds `tasks` (from {@link snapshot}) with their ids and timestamps; does not call `onChange`. */
  override restore(tasks: readonly Task[]): void {
    this.#restoring = true
    try {
      super.restore(tasks)
    } finally {
      this.#restoring = false
    }
  }

  #changed<T>(result: T): T {
    if (!this.#restoring) this.#onChange()
    return result
  }
}
