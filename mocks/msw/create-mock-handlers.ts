import type { HttpHandler } from 'msw'
import type { ContractValidator } from '../../contracts/contract-validator.ts'
import type { TokenVerifier } from '../../shared/auth/auth-failure.ts'
import type { Issuer } from '../issuer/issuer-types.ts'
import type { WarnFn } from './contract-drift.ts'
import { createIssuerHandlers } from './issuer-handlers.ts'
import { createScenarios, type ScenarioSettings, type Scenarios } from './scenarios.ts'
import { createTaskHandlers } from './task-handlers.ts'
import { TaskStore, type SeedOptions } from './task-store.ts'
import { createMockTokenVerifier, type MockAuthConfig, type MockVerifierOptions } from './verify-mock-token.ts'

/**
 * Options of {@link createMockHandlers}. Verification settings use the reference server's
 * `ServerConfig` names (`jwksUrl`, `jwtIssuer`, `jwtAudience`, `jwtAlgorithms`, …).
 */
export interface MockHandlersOptions extends MockAuthConfig {
  /**
   * Validator of the dereferenced contract (`createContractValidator()` in Node). Taken ready-made
   * because loading the contract reads files: this module must stay importable in a browser.
   */
  validator: ContractValidator
  /**
   * An in-process simulated issuer (mocks/issuer `createIssuer()`): tokens are verified against
   * its `jwks()`, and, by default, `iss`/`aud` must be the issuer's. Else `jwksUrl` is fetched.
   */
  issuer?: Issuer
  /** A ready verifier (e.g. the reference server's `createTokenVerifier`); wins over `issuer`/`jwksUrl`. */
  verifier?: TokenVerifier
  /** Wraps the verifier built from `issuer`/`jwksUrl` (see `MockVerifierOptions.wrap`). Default: none. */
  wrapVerifier?: MockVerifierOptions['wrap']
  /** Origin (and prefix) of the Task API routes; `'*'` (default) matches any origin. */
  baseUrl?: string
  /** Origin of the issuer routes; `'*'` (default) matches any origin. */
  issuerBaseUrl?: string
  /** Serve the issuer's JWKS and token routes. Default: true when `issuer` is given. */
  serveIssuer?: boolean
  /** The store to use. Default: a new, empty {@link TaskStore}. */
  store?: TaskStore
  /** Seeds the store with fake tasks for these users (Faker, `seed` default 42, `perUser` default 3). */
  seed?: SeedOptions & { users: readonly string[] }
  /** Initial scenario settings; `scenarios.reset()` returns to them. Default: nothing simulated. */
  scenarios?: Partial<ScenarioSettings>
  /** Check every answer against the contract and warn on drift. Default: NODE_ENV !== 'production'. */
  validateResponses?: boolean
  /** Where drift and `Prefer` warnings go. Default `console.warn`. */
  warn?: WarnFn
  /** Most tasks one user may have (409 TASK_QUOTA_EXCEEDED beyond), as `MAX_TASKS_PER_USER`. Default 10,000. */
  maxTasksPerUser?: number
  /**
   * Handlers put before the mock's own (MSW answers with the first that matches): to change one
   * answer without touching the rest, e.g. a deliberately divergent mock that `--compare` must notice.
   * As a function, they are built from the mock's own parts, e.g. the web app's mock Better Auth
   * signing with the mock's issuer and obeying its `offline` scenario. Default: none.
   */
  before?: HttpHandler[] | ((mock: MockParts) => HttpHandler[])
}

/** The objects a mock's handlers share: what a `before` function may build on. */
export type MockParts = Pick<MockHandlers, 'store' | 'scenarios' | 'issuer'>

/** Everything a mock consists of; the same objects the handlers use, so tests can steer them. */
export interface MockHandlers {
  /** For `setupServer(...handlers)` (Node) or `setupWorker(...handlers)` (browser). */
  handlers: HttpHandler[]
  store: TaskStore
  scenarios: Scenarios
  /** The in-process issuer, when one was given. */
  issuer: Issuer | undefined
  verifier: TokenVerifier
}

/**
 * Combines the task, probe and (optionally) issuer handlers over one store and one scenario
 * switchboard. Synchronous and free of Node built-ins, so a browser worker and a Node server run
 * the very same handlers. In Node, `createNodeMockHandlers` fills in the validator and an issuer.
 */
export function createMockHandlers(options: MockHandlersOptions): MockHandlers {
  const { issuer } = options
  const verifier =
    options.verifier ??
    createMockTokenVerifier(
      issuer ? { jwtIssuer: issuer.issuer, jwtAudience: [issuer.audience], jwtAlgorithms: [issuer.alg], ...authConfigOf(options) } : authConfigOf(options),
      issuer,
      options.wrapVerifier && { wrap: options.wrapVerifier },
    )
  const store = options.store ?? new TaskStore()
  if (options.seed) store.seed(options.seed.users, options.seed)
  const scenarios = createScenarios(options.scenarios)
  const before = typeof options.before === 'function' ? options.before({ store, scenarios, issuer }) : (options.before ?? [])
  const handlers = [...before, ...createTaskHandlers({ ...options, verifier, store, scenarios })]
  if (issuer && (options.serveIssuer ?? true)) {
    handlers.push(...createIssuerHandlers(issuer, { scenarios, ...(options.issuerBaseUrl && { baseUrl: options.issuerBaseUrl }) }))
  }
  return { handlers, store, scenarios, issuer, verifier }
}

const AUTH_KEYS = [
  'jwksUrl',
  'jwtIssuer',
  'jwtAudience',
  'jwtAlgorithms',
  'jwtClockToleranceSeconds',
  'jwksCooldownSeconds',
  'jwksCacheMaxAgeSeconds',
  'jwksTimeoutMs',
] as const satisfies readonly (keyof MockAuthConfig)[]

/**
 * The verification settings actually given, so they override the issuer-derived defaults only
 * then. An empty list counts as not given: `loadConfig` turns an unset JWT_AUDIENCE into `[]`.
 */
function authConfigOf(options: MockAuthConfig): MockAuthConfig {
  const given = (value: unknown) => value !== undefined && !(Array.isArray(value) && value.length === 0)
  return Object.fromEntries(AUTH_KEYS.filter((key) => given(options[key])).map((key) => [key, options[key]]))
}
