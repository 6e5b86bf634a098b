/**
 * The contract's bounds on one user's tasks, shared by the reference server and the MSW mock
 * (browser-safe: no imports), so both page and refuse alike. The page sizes themselves are the
 * contract's `Limit` and `Offset` parameters (contracts/task-api.yaml), read from the contract.
 */

/**
 * Most tasks one user may have unless configured (`MAX_TASKS_PER_USER` on the server,
 * `maxTasksPerUser` in the mock's options): creating one more answers 409 TASK_QUOTA_EXCEEDED.
 * 10,000 keeps a user's count and deepest page cheap while no real to-do list comes near it.
 */
export const DEFAULT_MAX_TASKS_PER_USER = 10_000

/**
 * Which page of a list: `limit` tasks after skipping `offset`, newest first. The contract's
 * `Limit` (1–100, default 100) and `Offset` (≥ 0, default 0) parameters are validated before.
 */
export interface PageRequest {
  limit: number
  offset: number
}

/** One page of a user's tasks and the user's total number of tasks (the list's `count`). */
export interface TaskPage<T> {
  tasks: T[]
  total: number
}
