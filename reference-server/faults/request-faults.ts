import type { FastifyInstance, FastifyRequest } from 'fastify'
import type { HookContext } from '../app-overrides.ts'
import type { ContractRoute } from '../http/route-schemas.ts'
import { sendProblem } from '../http/send-problem.ts'
import { TASK_COLUMNS } from '../tasks/task-repository.ts'

/** Hooks added for one fault (the `addHooks` part of an `AppOverrides`), before the task routes. */
export type AddHooks = (app: FastifyInstance, context: HookContext) => void

/** Columns a `sort_by` could name; anything else is what the `query-param-500` fault chokes on. */
const SORTABLE = TASK_COLUMNS.split(', ')

const isRoute = (request: FastifyRequest, route: ContractRoute) => request.method === route.method && request.routeOptions.url === route.url

/** validate-before-ownership: the 403 the auth hook left out, now after body validation (FastAPI's order when ownership is checked in the endpoint). */
export const ownershipAfterValidation: AddHooks = (app) => {
  app.addHook('preHandler', async (request, reply) => {
    const { user_id: pathUserId } = (request.params ?? {}) as { user_id?: string }
    if (pathUserId !== undefined && request.userId !== pathUserId) return sendProblem(reply, 'FORBIDDEN_USER_MISMATCH')
  })
}

/** query-param-500, the getattr(Task, sort_by) bug: a query value used as a column name, unchecked. */
export const sortByAsColumn: AddHooks = (app) => {
  app.addHook('preHandler', async (request) => {
    const query = (request.query ?? {}) as Record<string, unknown>
    for (const name of ['sort_by', 'sort', 'order_by']) {
      if (query[name] !== undefined && !SORTABLE.includes(String(query[name]))) throw new Error(`type object 'Task' has no attribute '${String(query[name])}'`)
    }
  })
}

/** body-sets-owner: create takes the owner from the body's `user_id` instead of the verified token. */
export const ownerFromBody: AddHooks = (app, { routes }) => {
  const create = routes.get('createTask')!
  app.addHook('preHandler', async (request) => {
    const { user_id: owner } = (request.body ?? {}) as { user_id?: string }
    if (isRoute(request, create) && owner !== undefined) request.userId = owner
  })
}

/** forbidden-on-foreign-task: another user's existing task answers 403, not 404, which reveals that it exists. */
export const forbiddenOnForeignTask: AddHooks = (app, { pool }) => {
  app.addHook('preHandler', async (request, reply) => {
    const { task_id: id } = (request.params ?? {}) as { task_id?: string }
    if (id === undefined) return
    const { rowCount } = await pool.query('SELECT 1 FROM tasks WHERE id = $1 AND user_id <> $2', [id, request.userId])
    if ((rowCount ?? 0) > 0) return sendProblem(reply, 'FORBIDDEN_USER_MISMATCH')
  })
}

/** forged-fields-on-update, task.update(**body): the owner and creation time the body names are written after the update. */
export const forgedFieldsWritten: AddHooks = (app, { routes, pool }) => {
  const update = routes.get('updateTask')!
  app.addHook('preSerialization', async (request, reply, payload) => {
    if (!isRoute(request, update) || reply.statusCode !== 200) return payload
    const { user_id: owner, created_at: createdAt } = (request.body ?? {}) as { user_id?: string; created_at?: string }
    if (owner === undefined && createdAt === undefined) return payload
    const { rows } = await pool.query(
      `UPDATE tasks SET user_id = COALESCE($3, user_id), created_at = COALESCE($4::timestamptz, created_at)
       WHERE id = $1 AND user_id = $2 RETURNING ${TASK_COLUMNS}`,
      [(payload as { id: string }).id, request.userId, owner ?? null, createdAt ?? null],
    )
    return rows[0] ?? payload
  })
}
