import { maxHeaderSize } from 'node:http'
import Fastify, { type FastifyInstance } from 'fastify'
import cors from '@fastify/cors'
import type { JWTVerifyGetKey } from 'jose'
import { loadContract, loadDereferencedContract } from '../contracts/load-contract.ts'
import type { ServerConfig } from './config/load-config.ts'
import { createAuthHook } from './auth/auth-hook.ts'
import { createRemoteKeySet } from '../shared/auth/remote-key-set.ts'
import { hasKeySetState } from '../shared/auth/key-set-state.ts'
import { withVerifiedTokenCache, type VerifyCacheStats } from '../shared/auth-node/verified-token-cache.ts'
import { createTokenVerifier } from '../shared/auth/verify-token.ts'
import type { AppOverrides } from './app-overrides.ts'
import { faultOverrides } from './faults/fault-overrides.ts'
import { migrate } from './db/migrate.ts'
import { openDatabase, type Database } from '../shared/db/open-database.ts'
import { describeFault } from './faults/faults.ts'
import { registerHealthRoutes } from './health/health-routes.ts'
import { handleError, registerErrorHandling, registerJsonParser } from './http/error-handler.ts'
import { clientErrorHandler, frameworkErrorHandler } from './http/framework-errors.ts'
import { createOriginPolicy } from './http/origin-policy.ts'
import { registerHostCheck, serverHostRule } from './http/host-check.ts'
import { httpServerOptions } from '../shared/http/server-timeouts.ts'
import { sendProblem } from './http/send-problem.ts'
import { contractRoutes } from './http/route-schemas.ts'
import { registerTaskRoutes } from './tasks/task-routes.ts'
import { TaskRepository } from './tasks/task-repository.ts'

/** Largest accepted request body, in bytes: a task is at most ~9 KiB of JSON. */
export const BODY_LIMIT_BYTES = 64 * 1024

export interface AppDependencies {
  /** An open database to use (not closed with the app); default: opened from the config, closed with the app. */
  database?: Database
  /**
   * Key lookup for verification; default: jose's remote JWKS at `config.jwksUrl`. The verified-token
   * cache is used only when it also has `fresh` and `jwks()` (`RemoteKeySet`): it needs the current keys.
   */
  getKey?: JWTVerifyGetKey
  /** Where log lines go (tests read the audit log from it). Default: stdout. */
  logStream?: { write(line: string): void }
  /** Parts of the app to replace (see {@link AppOverrides}). Default: the parts of `config.fault`, or none; given, `config.fault` is ignored (a warning says so). */
  overrides?: AppOverrides
}

/**
 * Builds the reference server from a frozen config: database (migrated), CORS, contract routes
 * with JWT verification and ownership, health probes, `/openapi.json`. Does not listen.
 * With `config.fault` set, the parts that break that rule replace the correct ones (faults/fault-overrides.ts);
 * nothing else changes.
 */
export async function buildApp(config: ServerConfig, deps: AppDependencies = {}): Promise<FastifyInstance> {
  // The composition point: the only place where a fault (TCK_FAULT) is turned into replaced parts.
  const overrides = deps.overrides ?? (config.fault ? faultOverrides(config.fault, config) : {})
  const allowOrigin = overrides.originPolicy ?? createOriginPolicy(config)
  const hostRule = serverHostRule(config)
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
    // Slow or stalled clients (F6): bounded header, request and idle keep-alive times (408 and close).
    requestTimeout: config.timeouts.requestTimeoutMs,
    keepAliveTimeout: config.timeouts.keepAliveTimeoutMs,
    http: httpServerOptions(config.timeouts),
    // find-my-way's default (100) answered 414 to user ids the contract allows (255). As long as the
    // whole header block Node accepts, a parameter of any length that arrives reaches auth (403) and
    // validation (422).
    routerOptions: { maxParamLength: overrides.maxParamLength ?? maxHeaderSize },
    // Undecodable paths and the like: the registry's 404 with CORS headers, never Fastify's own body.
    ...(!overrides.fastifyErrorBodies && {
      frameworkErrors: frameworkErrorHandler(allowOrigin, hostRule),
      clientErrorHandler: clientErrorHandler(),
    }),
    // Fastify's own 503 while closing has its own body; the hook below answers with the contract's.
    return503OnClosing: false,
    // Wrong JSON types are a 422, not something to coerce ("1" is not a boolean); unknown fields too.
    ajv: { customOptions: { coerceTypes: false, removeAdditional: false, allErrors: true } },
  })
  const { fault } = config
  // A server that is wrong on purpose must say so where an operator looks first; one whose fault
  // was set aside by the caller's overrides must not claim to be wrong.
  if (fault && deps.overrides) app.log.warn({ fault }, `TCK_FAULT=${fault} is ignored: the caller passed its own overrides`)
  else if (fault) app.log.warn({ fault }, `TCK_FAULT is on: ${describeFault(fault)}`)

  const ownsDatabase = !deps.database
  const database = deps.database ?? (await openDatabase({ databaseUrl: config.databaseUrl, pgliteDataDir: config.pgliteDataDir }))
  try {
    await migrate(database.pool)
  } catch (error) {
    if (ownsDatabase) await database.close()
    throw error
  }
  if (ownsDatabase) app.addHook('onClose', async () => database.close())
  app.decorate('database', database)

  const raw = loadContract()
  const contract = contractRoutes(await loadDereferencedContract())
  const routes = overrides.routes ? overrides.routes(contract) : contract
  const methods = [...new Set([...routes.values()].map((r) => r.method))]

  registerHostCheck(app, hostRule)
  const corsOptions = {
    // A function, not a list: with `false` @fastify/cors sends no CORS header at all, where a list
    // would still send allow-credentials/methods/headers to an origin it refuses.
    origin: (origin: string | undefined, callback: (error: Error | null, allow: string | false) => void) => callback(null, allowOrigin(origin)),
    credentials: true,
    methods,
    allowedHeaders: ['Authorization', 'Content-Type'],
    maxAge: 600,
    strictPreflight: false,
  }
  await app.register(cors, {
    // Only an OPTIONS with Access-Control-Request-Method is a preflight (Fetch standard, CORS-preflight
    // request). Any other OPTIONS is a plain request no route takes: 404 ROUTE_NOT_FOUND with the
    // response CORS headers, as the mock answers. @fastify/cors alone would answer it its own
    // 400 text/plain "Invalid Preflight Request" (strictPreflight) or, without that, a 204 preflight.
    delegator: (request, callback) => callback(null, { ...corsOptions, preflight: request.headers['access-control-request-method'] !== undefined }),
  })
  registerJsonParser(app)
  registerErrorHandling(app, overrides.errorHandler?.(handleError))
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

  const getKey = deps.getKey ?? createRemoteKeySet(config, overrides.keySet)
  const verifier = createTokenVerifier(config, getKey, overrides.tokenVerifier)
  const wrapped = overrides.wrapVerifier?.(verifier) ?? verifier
  // In front of everything that verifies, so a fault's verifier is cached as it answers (a hit
  // returns what it returned). A key lookup that cannot tell its current keys gets no cache.
  const cached =
    config.verifyCache.enabled && hasKeySetState(getKey)
      ? withVerifiedTokenCache(wrapped, getKey, { maxEntries: config.verifyCache.maxEntries, clockToleranceSeconds: config.jwtClockToleranceSeconds })
      : undefined
  app.decorate('verifyCache', cached && { stats: cached.stats })
  const hook = createAuthHook(cached ?? wrapped, overrides.authHook)
  const authHook = overrides.wrapAuthHook?.(app, hook) ?? hook
  overrides.addHooks?.(app, { routes, pool: database.pool })
  const repositoryOptions = { maxTasksPerUser: config.maxTasksPerUser }
  const tasks = overrides.createRepository?.(database.pool, repositoryOptions) ?? new TaskRepository(database.pool, repositoryOptions)
  registerTaskRoutes(app, routes, tasks, authHook)
  registerHealthRoutes(app, routes, database.pool)
  const contractJson = JSON.stringify(raw)
  app.get('/openapi.json', async (_request, reply) => reply.type('application/json; charset=utf-8').send(contractJson))
  return app
}

declare module 'fastify' {
  interface FastifyInstance {
    /** The database this app stores tasks in. */
    database: Database
    /** The verified-token cache's counters; `undefined` when the cache is off (`VERIFY_CACHE=off`, or a key lookup without state). */
    verifyCache: { stats(): VerifyCacheStats } | undefined
  }
}
