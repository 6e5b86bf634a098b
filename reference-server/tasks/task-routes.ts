import type { FastifyInstance, onRequestAsyncHookHandler, preValidationAsyncHookHandler, RouteHandlerMethod } from 'fastify'
import type { ContractRoute } from '../http/route-schemas.ts'
import { sendProblem } from '../http/send-problem.ts'
import { readQueryParameters } from '../../contracts/query-parameters.ts'
import type { PageRequest } from '../../contracts/task-limits.ts'
import { TaskQuotaExceededError } from './create-within-quota.ts'
import type { TaskChanges, TaskRepository } from './task-repository.ts'

type Params = { user_id: string; task_id: string }

type Reply = Parameters<RouteHandlerMethod>[1]

/**
 * The six task operations, keyed by the contract's operationIds. The auth hook has already
 * established `request.userId` (= path `user_id`); queries use that verified id, never the body.
 * Another user's task is answered exactly as a missing one (404), which reveals nothing.
 */
function handlers(tasks: TaskRepository): Record<string, RouteHandlerMethod> {
  const notFound = (reply: Reply) => sendProblem(reply, 'TASK_NOT_FOUND')
  const found = (reply: Reply, row: unknown, status = 200) => (row ? reply.code(status).send(row) : notFound(reply))
  return {
    async listTasks(request) {
      // Validated (and defaulted) against the contract's Limit and Offset before the handler runs.
      const { limit, offset } = request.query as PageRequest
      const page = await tasks.list(request.userId, { limit, offset })
      return { data: page.tasks, count: page.total }
    },
    async createTask(request, reply) {
      const { title, description } = request.body as { title: string; description?: string | null }
      try {
        return reply.code(201).send(await tasks.create(request.userId, { title, description }))
      } catch (error) {
        if (error instanceof TaskQuotaExceededError) return sendProblem(reply, 'TASK_QUOTA_EXCEEDED')
        throw error
      }
    },
    async getTask(request, reply) {
      const { task_id: id } = request.params as Params
      return found(reply, await tasks.get(request.userId, id))
    },
    async updateTask(request, reply) {
      const { task_id: id } = request.params as Params
      const { title, description, completed } = request.body as TaskChanges
      return found(reply, await tasks.update(request.userId, id, { title, description, completed }))
    },
    async toggleTaskCompletion(request, reply) {
      const { task_id: id } = request.params as Params
      return found(reply, await tasks.toggle(request.userId, id))
    },
    async deleteTask(request, reply) {
      const { task_id: id } = request.params as Params
      const deleted = await tasks.delete(request.userId, id)
      return deleted ? reply.code(204).send() : notFound(reply)
    },
  }
}

/** Registers every task operation the contract declares; a contract operation without a handler is a startup error. */
export function registerTaskRoutes(app: FastifyInstance, routes: Map<string, ContractRoute>, tasks: TaskRepository, authHook: onRequestAsyncHookHandler) {
  for (const [operationId, handler] of Object.entries(handlers(tasks))) {
    const route = routes.get(operationId)
    if (!route) throw new Error(`The contract has no operation ${operationId}`)
    app.route({
      method: route.method,
      url: route.url,
      schema: route.schema,
      onRequest: authHook,
      handler,
      ...(route.query.length > 0 && { preValidation: queryReader(route) }),
    })
  }
}

/**
 * Reads the route's declared query parameters the contract's way (contracts/query-parameters.ts),
 * before validation: the server's Ajv does not coerce types (a body's "1" is not a number), but a
 * query string only carries text, so `?limit=10` must reach the schema as the integer 10.
 */
function queryReader(route: ContractRoute): preValidationAsyncHookHandler {
  return async (request) => {
    request.query = { ...(request.query as Record<string, unknown>), ...readQueryParameters(route.query, request.query as Record<string, unknown>) }
  }
}
