import type { FastifyInstance, onRequestAsyncHookHandler } from 'fastify'
import type { TokenVerifier } from '../shared/auth/auth-failure.ts'
import type { RemoteKeySetOptions } from '../shared/auth/remote-key-set.ts'
import type { TokenVerifierParts } from '../shared/auth/verify-token.ts'
import type { AuthHookParts } from './auth/auth-hook.ts'
import type { Pool } from 'pg'
import type { ErrorHandler } from './http/error-handler.ts'
import type { OriginPolicy } from './http/origin-policy.ts'
import type { ContractRoute } from './http/route-schemas.ts'
import type { TaskRepository, TaskRepositoryOptions } from './tasks/task-repository.ts'

/** What {@link AppOverrides.addHooks} may use besides the app. */
export interface HookContext {
  /** The contract routes as registered (after {@link AppOverrides.routes}), by operationId. */
  routes: Map<string, ContractRoute>
  /** The database pool the tasks are stored in. */
  pool: Pool
}

/**
 * Replaceable parts of the reference server, passed to `buildApp` (see `AppDependencies.overrides`).
 * Every field is optional and absent means the correct part. The self-test's deliberate faults
 * (faults/fault-overrides.ts) are built from these, so no production module knows a fault's name;
 * a test or an embedder can replace one part the same way.
 */
export interface AppOverrides {
  /** The CORS origin rule, used by @fastify/cors and by the answers given before routing. Default: `config.corsOrigins` echoed back. */
  originPolicy?: OriginPolicy
  /** Longest path parameter the router accepts, in characters. Default: Node's `maxHeaderSize` (16 KiB). */
  maxParamLength?: number
  /** `true` leaves requests refused before routing to Fastify's and Node's own answers (no registry body, no CORS headers). Default `false`. */
  fastifyErrorBodies?: boolean
  /** Rewrites the contract routes (their schemas) before anything is registered. Default: the contract's routes unchanged. */
  routes?: (routes: Map<string, ContractRoute>) => Map<string, ContractRoute>
  /** Wraps the error handler (`correct` is the registry's). Default: the registry's handler alone. */
  errorHandler?: (correct: ErrorHandler) => ErrorHandler
  /** Builds the task repository. Default: `new TaskRepository(pool, options)`. */
  createRepository?: (pool: Pool, options: TaskRepositoryOptions) => TaskRepository
  /** Adds hooks to the app after the error handling and before the task routes, so every route gets them. Default: none. */
  addHooks?: (app: FastifyInstance, context: HookContext) => void
  /** Options of the remote JWKS (cache durations, last-known-keys fallback). Default: the config's durations, fallback on. Unused with `deps.getKey`. */
  keySet?: RemoteKeySetOptions
  /** Parts of the token verifier (verification step, required claims, answer to a malformed token). Default: shared/auth's policy. */
  tokenVerifier?: TokenVerifierParts
  /** Wraps the finished token verifier. Default: none. */
  wrapVerifier?: (verifier: TokenVerifier) => TokenVerifier
  /** Parts of the auth hook (WWW-Authenticate challenge, 401 detail, acting user). Default: the correct rules. */
  authHook?: AuthHookParts
  /** Wraps the finished auth hook; may add hooks to `app` (e.g. to run it later). Default: none. */
  wrapAuthHook?: (app: FastifyInstance, authHook: onRequestAsyncHookHandler) => onRequestAsyncHookHandler
}
