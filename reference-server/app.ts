import Fastify, { type FastifyInstance } from 'fastify'
import cors from '@fastify/cors'
import type { JWTVerifyGetKey } from 'jose'
import { loadContract, loadDereferencedContract } from '../contracts/load-contract.ts'
import type { ServerConfig } from './config/load-config.ts'
import { createAuthHook } from './auth/auth-hook.ts'
import { createRemoteKeySet, createTokenVerifier } from './auth/verify-token.ts'
import { verifyJwtWithFault } from './faults/token-faults.ts'
import { registerRequestFaults, verifierWithFault } from './faults/request-faults.ts'
import { repositoryWithFault } from './faults/repository-faults.ts'
import { routesWithFault } from './faults/route-faults.ts'
import { migrate } from './db/migrate.ts'
import { openDatabase, type Database } from './db/open-database.ts'
import { describeFault } from './faults/faults.ts'
import { registerHealthRoutes } from './health/health-routes.ts'
import { registerErrorHandling, registerJsonParser } from './http/error-handler.ts'
import { sendProblem } from './http/send-problem.ts'
import { contractRoutes } from './http/route-schemas.ts'
import { registerTaskRoutes } from './tasks/task-routes.ts'

/** Largest accepted request body, in bytes: a task is at most ~9 KiB of JSON. */
export const BODY_LIMIT_BYTES = 64 * 1024

export interface AppDependencies {
  /** An open database to use (not closed with the app); default: opened from the config, closed with the app. */
  database?: Database
  /** Key lookup for verification; default: jose's remote JWKS at `config.jwksUrl`. */
  getKey?: JWTVerifyGetKey
  /** Where log lines go (tests read the audit log from it). Default: stdout. */
  logStream?: { write(line: string): void }
}

/**
 * Builds the reference server from a frozen config: database (migrated), CORS, contract routes
 * with JWT verification and ownership, health probes, `/openapi.json`. Does not listen.
 * With `config.fault` set, the one module that owns the broken rule gets it; nothing else changes.
 */
export async function buildApp(config: ServerConfig, deps: AppDependencies = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: {
      level: config.logLevel,
      ...(deps.logStream && { stream: deps.logStream }),
      // Defence in depth: Fastify does not log headers, but nothing that carries a credential may ever be.
      redact: ['req.headers.authorization', 'req.headers.cookie', 'headers.authorization'],
      serializers: {
        // The query string is dropped: RFC 6750 section 2.3 lets clients put `access_token` there.
        req: (req) => ({ method: req.method, url: req.url.split('?', 1)[0], remoteAddress: req.ip }),
      },
    },
    bodyLimit: BODY_LIMIT_BYTES,
    // The contract allows user ids of up to 255 characters; find-my-way's default (100) answered 414.
    routerOptions: { maxParamLength: 255 },
    // Fastify's own 503 while closing has its own body; the hook below answers with the contract's.
    return503OnClosing: false,
    // Wrong JSON types are a 422, not something to coerce ("1" is not a boolean); unknown fields too.
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: true } },
  })
  const { fault } = config
  // A server that is wrong on purpose must say so where an operator looks first.
  if (fault) app.log.warn({ fault }, `TCK_FAULT is on: ${describeFault(fault)}`)

  const ownsDatabase = !deps.database
  const database = deps.database ?? await openDatabase({ databaseUrl: config.databaseUrl, pgliteDataDir: config.pgliteDataDir })
  try {
    await migrate(database.pool)
  } catch (error) {
    if (ownsDatabase) await database.close()
    throw error
  }
  if (ownsDatabase) app.addHook('onClose', async () => database.close())
  app.decorate('database', database)

  const raw = loadContract()
  const routes = routesWithFault(contractRoutes(await loadDereferencedContract(), fault), fault)
  const methods = [...new Set([...routes.values()].map((r) => r.method))]

  const allowedOrigins = new Set(config.corsOrigins)
  const allowOrigin = (origin: string | undefined): string | false => {
    // Faults: reflecting any origin, or "*", both hand a credentialed API to every website.
    if (fault === 'cors-any-origin') return origin ?? false
    if (fault === 'cors-wildcard') return '*'
    return origin !== undefined && allowedOrigins.has(origin) ? origin : false
  }
  await app.register(cors, {
    // A function, not a list: with `false` @fastify/cors sends no CORS header at all, where a list
    // would still send allow-credentials/methods/headers to an origin it refuses.
    origin: (origin, callback) => callback(null, allowOrigin(origin)),
    credentials: true,
    methods,
    allowedHeaders: ['Authorization', 'Content-Type'],
    maxAge: 600,
  })
  registerJsonParser(app)
  registerErrorHandling(app, fault)
  // During a graceful shutdown, requests already running finish; a new one on a kept-alive
  // connection is turned away with the registry's 503, and the connection is not kept.
  let closing = false
  app.addHook('preClose', async () => {
    closing = true
  })
  app.addHook('onRequest', async (_request, reply) => {
    if (!closing) return
    reply.header('connection', 'close').header('retry-after', '1')
    return sendProblem(reply, 'SERVICE_UNAVAILABLE')
  })

  const verifier = createTokenVerifier(config, deps.getKey ?? createRemoteKeySet(config), verifyJwtWithFault(config.fault, config))
  const authHook = createAuthHook(verifierWithFault(verifier, fault, config.jwksUrl), fault)
  registerRequestFaults(app, fault, { routes, pool: database.pool })
  registerTaskRoutes(app, routes, repositoryWithFault(database.pool, fault), authHook, fault)
  registerHealthRoutes(app, routes, database.pool)
  const contractJson = JSON.stringify(raw)
  app.get('/openapi.json', async (_request, reply) => reply.type('application/json; charset=utf-8').send(contractJson))
  return app
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The database this app stores tasks in. */
    database: Database
  }
}
