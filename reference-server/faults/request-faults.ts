import type { FastifyInstance } from 'fastify'
import type { Pool } from 'pg'
import type { TokenVerifier } from '../auth/verify-token.ts'
import type { ContractRoute } from '../http/route-schemas.ts'
import { sendProblem } from '../http/send-problem.ts'
import type { FaultName } from './faults.ts'

/** Columns a `sort_by` could name; anything else is what the `query-param-500` fault chokes on. */
const TASK_COLUMNS = ['id', 'user_id', 'title', 'description', 'completed', 'created_at', 'updated_at']

/**
 * Hooks for the faults that live in the request's path through the app rather than in one module:
 * registered before the routes, so every route gets them. Nothing is added without such a fault.
 */
export function registerRequestFaults(app: FastifyInstance, fault: FaultName | undefined, deps: { routes: Map<string, ContractRoute>; pool: Pool }): void {
  if (fault === 'validate-before-ownership') {
    // The 403 the auth hook left out, now after body validation (FastAPI's order when ownership is checked in the endpoint).
    app.addHook('preHandler', async (request, reply) => {
      const { user_id: pathUserId } = (request.params ?? {}) as { user_id?: string }
      if (pathUserId !== undefined && request.userId !== pathUserId) return sendProblem(reply, 'FORBIDDEN_USER_MISMATCH')
    })
  }
  if (fault === 'query-param-500') {
    // The getattr(Task, sort_by) bug: a query value used as a column name, unchecked.
    app.addHook('preHandler', async (request) => {
      const query = (request.query ?? {}) as Record<string, unknown>
      for (const name of ['sort_by', 'sort', 'order_by']) {
        if (query[name] !== undefined && !TASK_COLUMNS.includes(String(query[name]))) throw new Error(`type object 'Task' has no attribute '${String(query[name])}'`)
      }
    })
  }
  if (fault === 'forged-fields-on-update') {
    // task.update(**body): the owner and creation time the body names are written after the update.
    const update = deps.routes.get('updateTask')!
    app.addHook('preSerialization', async (request, reply, payload) => {
      if (request.method !== update.method || request.routeOptions.url !== update.url || reply.statusCode !== 200) return payload
      const { user_id: owner, created_at: createdAt } = (request.body ?? {}) as { user_id?: string; created_at?: string }
      if (owner === undefined && createdAt === undefined) return payload
      const { rows } = await deps.pool.query(
        `UPDATE tasks SET user_id = COALESCE($3, user_id), created_at = COALESCE($4::timestamptz, created_at)
         WHERE id = $1 AND user_id = $2 RETURNING id, user_id, title, description, completed, created_at, updated_at`,
        [(payload as { id: string }).id, request.userId, owner ?? null, createdAt ?? null])
      return rows[0] ?? payload
    })
  }
}

/** The verifier, or under `jwks-outage-500` one whose JWKS fetch failure escapes as an error (500). */
export function verifierWithFault(verify: TokenVerifier, fault: FaultName | undefined, jwksUrl: string): TokenVerifier {
  if (fault !== 'jwks-outage-500') return verify
  return async (authorization) => {
    const result = await verify(authorization)
    if (!result.ok && result.reason === 'jwks_unavailable') throw new Error(`Could not fetch the JWKS from ${jwksUrl}`)
    return result
  }
}
