/**
 * Configuration of the reference server, read once at the edge from an environment-like record
 * and passed in frozen; nothing else in the server reads `process.env`. The variable names are the
 * ones the specification's FastAPI backend uses, so one `.env` serves both.
 */

import { FAULTS, isFaultName, type FaultName } from '../faults/faults.ts'
import { readAllowedHosts, readServerTimeouts, type ServerTimeouts } from '../../shared/http/server-timeouts.ts'
import { DEFAULT_MAX_TASKS_PER_USER } from '../../contracts/task-limits.ts'
import { DEFAULT_VERIFY_CACHE_MAX_ENTRIES } from '../../shared/auth-node/verified-token-cache.ts'
import {
  ASYMMETRIC_ALGORITHMS,
  DEFAULT_CLOCK_TOLERANCE_SECONDS,
  DEFAULT_JWKS_CACHE_MAX_AGE_SECONDS,
  DEFAULT_JWKS_COOLDOWN_SECONDS,
  DEFAULT_JWKS_TIMEOUT_MS,
  DEFAULT_JWT_ALGORITHMS,
  refusedAlgorithms,
  type TokenPolicyConfig,
} from '../../shared/auth/token-policy.ts'

const LOG_LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'] as const

/**
 * The reference server's configuration. The verification settings (`JWKS_URL`, `JWT_ISSUER`,
 * `JWT_AUDIENCE`, `JWT_ALGORITHMS`, `JWT_CLOCK_TOLERANCE_SECONDS`, `JWKS_COOLDOWN_SECONDS`,
 * `JWKS_CACHE_MAX_AGE_SECONDS`, `JWKS_TIMEOUT_MS`) and their defaults are the shared policy's
 * {@link TokenPolicyConfig}, which the mocks take too.
 */
export interface ServerConfig extends TokenPolicyConfig {
  /** PostgreSQL connection string; absent → embedded PGlite. */
  readonly databaseUrl: string | undefined
  /** PGlite data folder when `databaseUrl` is absent; `memory://` keeps nothing. Default `.tck/pglite`. */
  readonly pgliteDataDir: string
  /** Origins allowed by CORS (with credentials). Default `['http://localhost:3000']`. */
  readonly corsOrigins: readonly string[]
  /** Listening port. Default 8000. */
  readonly port: number
  /** Listening address. Default `127.0.0.1`. */
  readonly host: string
  /** Request, header and keep-alive timeouts (`REQUEST_TIMEOUT_MS` 30,000, `HEADERS_TIMEOUT_MS` 10,000, `KEEP_ALIVE_TIMEOUT_MS` 5,000). */
  readonly timeouts: ServerTimeouts
  /**
   * `ALLOWED_HOSTS`: host names served besides the loopback names and `host`. A loopback-bound
   * server refuses any other `Host` with 421 (DNS rebinding); setting this checks on any bind. Default none.
   */
  readonly allowedHosts: readonly string[]
  /**
   * Most tasks one user may have (`MAX_TASKS_PER_USER`, 1–10,000,000); creating one more answers
   * 409 TASK_QUOTA_EXCEEDED and stores nothing. Default 10,000.
   */
  readonly maxTasksPerUser: number
  /**
   * The verified-token cache (shared/auth-node/verified-token-cache.ts): `VERIFY_CACHE=on|off`
   * (default on) and `VERIFY_CACHE_MAX_ENTRIES` (1–1,000,000, default 10,000 tokens).
   */
  readonly verifyCache: { readonly enabled: boolean; readonly maxEntries: number }
  /** pino level. Default `info`. */
  readonly logLevel: (typeof LOG_LEVELS)[number]
  /**
   * A deliberate fault from `TCK_FAULT` (see FAULTS), for proving that a checklist catches it;
   * `undefined` (the default) is the correct server.
   */
  readonly fault: FaultName | undefined
}

/** Thrown by {@link loadConfig} with every problem found, not just the first. */
export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
    this.name = 'ConfigError'
  }
}

type Env = Readonly<Record<string, string | undefined>>

const list = (value: string | undefined): string[] =>
  (value ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)

function isHttpUrl(value: string): boolean {
  try {
    const url = new URL(value)
    return url.protocol === 'http:' || url.protocol === 'https:'
  } catch {
    return false
  }
}

/**
 * Parses and validates the configuration. Every problem is collected and reported together in one
 * {@link ConfigError}, so an operator fixes a `.env` in one pass.
 */
export function loadConfig(env: Env): ServerConfig {
  const problems: string[] = []
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name]?.trim()
    if (raw === undefined || raw === '') return fallback
    const value = Number(raw)
    if (!Number.isInteger(value) || value < min || value > max) {
      problems.push(`${name} must be an integer from ${min} to ${max} (got "${raw}")`)
      return fallback
    }
    return value
  }

  const databaseUrl = env.DATABASE_URL?.trim() || undefined
  if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) {
    problems.push('DATABASE_URL must start with postgres:// or postgresql://')
  }

  const jwksUrl = env.JWKS_URL?.trim() ?? ''
  if (!jwksUrl) problems.push('JWKS_URL is required (e.g. http://localhost:3000/api/auth/jwks)')
  else if (!isHttpUrl(jwksUrl)) problems.push(`JWKS_URL must be an http(s) URL (got "${jwksUrl}")`)

  const jwtAlgorithms = env.JWT_ALGORITHMS === undefined ? [...DEFAULT_JWT_ALGORITHMS] : list(env.JWT_ALGORITHMS)
  if (jwtAlgorithms.length === 0) problems.push('JWT_ALGORITHMS must name at least one algorithm')
  for (const alg of refusedAlgorithms(jwtAlgorithms)) {
    problems.push(`JWT_ALGORITHMS: "${alg}" is not allowed (use ${ASYMMETRIC_ALGORITHMS.join(', ')})`)
  }

  const corsOrigins = env.CORS_ORIGINS === undefined ? ['http://localhost:3000'] : list(env.CORS_ORIGINS)
  for (const origin of corsOrigins) {
    // Credentials with a wildcard origin is refused by browsers (Fetch standard, CORS protocol).
    if (origin === '*') problems.push('CORS_ORIGINS cannot be "*" because credentials are allowed')
    else if (!isHttpUrl(origin) || new URL(origin).origin !== origin) {
      problems.push(`CORS_ORIGINS: "${origin}" is not an origin like http://localhost:3000`)
    }
  }

  const jwtIssuer = env.JWT_ISSUER?.trim() || undefined
  const logLevel = (env.LOG_LEVEL?.trim() || 'info') as ServerConfig['logLevel']
  if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(', ')}`)

  const fault = env.TCK_FAULT?.trim() || undefined
  if (fault !== undefined && !isFaultName(fault)) {
    problems.push(`TCK_FAULT: "${fault}" is not a fault (use one of ${FAULTS.map((f) => f.name).join(', ')}, or leave it empty)`)
  }

  const verifyCacheSwitch = env.VERIFY_CACHE?.trim().toLowerCase() || 'on'
  if (verifyCacheSwitch !== 'on' && verifyCacheSwitch !== 'off') problems.push(`VERIFY_CACHE must be on or off (got "${env.VERIFY_CACHE}")`)

  const config: ServerConfig = {
    databaseUrl,
    pgliteDataDir: env.PGLITE_DATA_DIR?.trim() || '.tck/pglite',
    jwksUrl,
    jwtIssuer,
    jwtAudience: list(env.JWT_AUDIENCE),
    jwtAlgorithms,
    jwtClockToleranceSeconds: int('JWT_CLOCK_TOLERANCE_SECONDS', DEFAULT_CLOCK_TOLERANCE_SECONDS, 0, 300),
    jwksCooldownSeconds: int('JWKS_COOLDOWN_SECONDS', DEFAULT_JWKS_COOLDOWN_SECONDS, 0, 86_400),
    jwksCacheMaxAgeSeconds: int('JWKS_CACHE_MAX_AGE_SECONDS', DEFAULT_JWKS_CACHE_MAX_AGE_SECONDS, 1, 604_800),
    jwksTimeoutMs: int('JWKS_TIMEOUT_MS', DEFAULT_JWKS_TIMEOUT_MS, 100, 60_000),
    corsOrigins,
    port: int('PORT', 8000, 0, 65_535),
    host: env.HOST?.trim() || '127.0.0.1',
    timeouts: Object.freeze(readServerTimeouts(env, problems)),
    allowedHosts: Object.freeze(readAllowedHosts(env, problems)),
    maxTasksPerUser: int('MAX_TASKS_PER_USER', DEFAULT_MAX_TASKS_PER_USER, 1, 10_000_000),
    verifyCache: Object.freeze({
      enabled: verifyCacheSwitch !== 'off',
      maxEntries: int('VERIFY_CACHE_MAX_ENTRIES', DEFAULT_VERIFY_CACHE_MAX_ENTRIES, 1, 1_000_000),
    }),
    logLevel,
    fault: isFaultName(fault) ? fault : undefined,
  }
  if (problems.length > 0) throw new ConfigError(problems)
  return Object.freeze({
    ...config,
    jwtAudience: Object.freeze([...config.jwtAudience]),
    jwtAlgorithms: Object.freeze([...config.jwtAlgorithms]),
    corsOrigins: Object.freeze([...config.corsOrigins]),
  })
}
