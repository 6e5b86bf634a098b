import type { HttpHandler } from 'msw'
import type { components, operations } from '../../contracts/generated/task-api.ts'
import { jsonReply, problemReply, type MockReply } from './mock-reply.ts'
import { createOperationPipeline, type PipelineOptions } from './operation-pipeline.ts'
import { DEFAULT_MAX_TASKS_PER_USER, type PageRequest } from '../../contracts/task-limits.ts'
import type { TaskStore } from './task-store.ts'

/** Options of {@link createTaskHandlers}. */
export interface TaskHandlersOptions extends PipelineOptions {
  /** Where the tasks live; the handlers read and write it in place. */
  store: TaskStore
  /**
   * Most tasks one user may have; creating one more answers 409 TASK_QUOTA_EXCEEDED, as the
   * reference server's `MAX_TASKS_PER_USER`. Default {@link DEFAULT_MAX_TASKS_PER_USER} (10,000).
   */
  maxTasksPerUser?: number
}

/** The JSON body the contract documents for `status` of operation `Op`. */
type JsonBody<Op extends keyof operations, Status extends keyof operations[Op]['responses']> = operations[Op]['responses'][Status] extends {
  content: { 'application/json': infer Body }
}
  ? Body
  : never

type TaskCreate = components['schemas']['TaskCreate']
type TaskUpdate = components['schemas']['TaskUpdate']

const TASKS = '/api/:user_id/tasks'
const TASK = '/api/:user_id/tasks/:task_id'

/**
 * MSW handlers for the six task operations and the two probes, with the reference server's
 * semantics (ownership, 404 for another user's task, PUT keeps omitted fields, toggle, 204 on
 * delete). Every check that comes before an operation — auth, 403, `Prefer`, 413, 422 — is the
 * pipeline's (operation-pipeline.ts); the operations below only touch the store.
 * Browser-safe: no Node built-in is imported, so `setupServer` and `setupWorker` share them.
 */
export function createTaskHandlers(options: TaskHandlersOptions): HttpHandler[] {
  const { store } = options
  const maxTasksPerUser = options.maxTasksPerUser ?? DEFAULT_MAX_TASKS_PER_USER
  const { secured, open } = createOperationPipeline(options)
  const found = (task: unknown, status = 200): MockReply => (task ? jsonReply(status, task) : problemReply('TASK_NOT_FOUND'))

  return [
    secured('get', TASKS, 'listTasks', ({ userId, query }) => {
      // Validated and defaulted by the pipeline (the contract's Limit and Offset).
      const page = store.page(userId, query as unknown as PageRequest)
      return jsonReply(200, { data: page.tasks, count: page.total } satisfies JsonBody<'listTasks', 200>)
    }),
    secured('post', TASKS, 'createTask', ({ userId, body }) => {
      // One JavaScript turn from count to insert: concurrent creates cannot pass the quota together.
      if (store.count(userId) >= maxTasksPerUser) return problemReply('TASK_QUOTA_EXCEEDED')
      const { title, description } = body as TaskCreate
      const task: JsonBody<'createTask', 201> = store.create(userId, { title, description })
      return jsonReply(201, task)
    }),
    secured('get', TASK, 'getTask', ({ userId, taskId }) => found(store.get(userId, taskId) satisfies JsonBody<'getTask', 200> | undefined)),
    secured('put', TASK, 'updateTask', ({ userId, taskId, body }) => {
      // Only the writable fields, picked by name: the schema is closed, and this keeps it so.
      const { title, description, completed } = body as TaskUpdate
      return found(store.update(userId, taskId, { title, description, completed }) satisfies JsonBody<'updateTask', 200> | undefined)
    }),
    secured('delete', TASK, 'deleteTask', ({ userId, taskId }) => (store.delete(userId, taskId) ? { status: 204 } : problemReply('TASK_NOT_FOUND'))),
    secured('patch', `${TASK}/complete`, 'toggleTaskCompletion', ({ userId, taskId }) =>
      found(store.toggle(userId, taskId) satisfies JsonBody<'toggleTaskCompletion', 200> | undefined),
    ),
    open('get', '/health', 'getHealth', () => jsonReply(200, { status: 'ok' } satisfies JsonBody<'getHealth', 200>)),
    // No database behind the mock, so it is always ready.
    open('get', '/health/ready', 'getReadiness', () => jsonReply(200, { status: 'ok', database: 'ok' } satisfies JsonBody<'getReadiness', 200>)),
  ]
}
