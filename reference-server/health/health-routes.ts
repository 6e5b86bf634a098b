import type { FastifyInstance } from 'fastify'
import type { Pool } from 'pg'
import type { ContractRoute } from '../http/route-schemas.ts'

/** How long readiness waits for `SELECT 1`, in milliseconds. */
const READINESS_TIMEOUT_MS = 2_000

async function databaseAnswers(pool: Pool): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<false>((resolve) => {
    timer = setTimeout(() => resolve(false), READINESS_TIMEOUT_MS)
  })
  try {
    return await Promise.race([
      pool.query('SELECT 1').then(
        () => true,
        () => false,
      ),
      timeout,
    ])
  } finally {
    clearTimeout(timer)
  }
}

/** `/health` (liveness: the process answers) and `/health/ready` (readiness: the database answers). */
export function registerHealthRoutes(app: FastifyInstance, routes: Map<string, ContractRoute>, pool: Pool) {
  const health = routes.get('getHealth')!
  const ready = routes.get('getReadiness')!
  app.route({ method: health.method, url: health.url, schema: health.schema, handler: async () => ({ status: 'ok' }) })
  app.route({
    method: ready.method,
    url: ready.url,
    schema: ready.schema,
    handler: async (_request, reply) => {
      const ok = await databaseAnswers(pool)
      return reply.code(ok ? 200 : 503).send(ok ? { status: 'ok', database: 'ok' } : { status: 'unavailable', database: 'unavailable' })
    },
  })
}
