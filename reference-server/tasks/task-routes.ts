import type { FastifyInstance, onRequestAsyncHookHandler, RouteHandlerMethod } from 'fastify'
import type { ContractRoute } from '../http/route-schemas.ts'
import { sendProblem } from '../http/send-problem.ts'
import type { TaskChanges, TaskRepository } from './task-repository.ts'

type Params = { user_id: string; task_id: string }

/**
 * The six task operations, keyed by the contract's operationIds. The auth hook has already
 * established `request.userId` (= path `user_id`); queries use that verified id, never the body.
 */
function handlers(tasks: TaskRepository): Record<string, RouteHandlerMethod> {
  const found = (reply: Parameters<RouteHandlerMethod>[1], row: unknown, status = 200) =>
    row ? reply.code(status).send(row) : sendProblem(reply, 'TASK_NOT_FOUND')
  return {
    async listTasks(request) {
      const data = await tasks.list(request.userId)
      return { data, count: data.length }
    },
    async createTask(request, reply) {
      const { title, description } = request.body as { title: string; description?: string | null }
      return reply.code(201).send(await tasks.create(request.userId, { title, description }))
    },
    async getTask(request, reply) {
      return found(reply, await tasks.get(request.userId, (request.params as Params).task_id))
    },
    async updateTask(request, reply) {
      const { title, description, completed } = request.body as TaskChanges
      return found(reply, await tasks.update(request.userId, (request.params as Params).task_id, { title, description, completed }))
    },
    async toggleTaskCompletion(request, reply) {
      return found(reply, await tasks.toggle(request.userId, (request.params as Params).task_id))
    },
    async deleteTask(request, reply) {
      const deleted = await tasks.delete(request.userId, (request.params as Params).task_id)
      return deleted ? reply.code(204).send() : sendProblem(reply, 'TASK_NOT_FOUND')
    },
  }
}

/** Registers every task operation the contract declares; a contract operation without a handler is a startup error. */
export function registerTaskRoutes(app: FastifyInstance, routes: Map<string, ContractRoute>, tasks: TaskRepository, authHook: onRequestAsyncHookHandler) {
  for (const [operationId, handler] of Object.entries(handlers(tasks))) {
    const route = routes.get(operationId)
    if (!route) throw new Error(`The contract has no operation ${operationId}`)
    app.route({ method: route.method, url: route.url, schema: route.schema, onRequest: authHook, handler })
  }
}
