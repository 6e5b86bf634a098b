/**
 * How long a client may take, on every server the toolkit starts (security review F6): without
 * these a client that sends its headers or body slowly, or never, holds a connection for good.
 */
export interface ServerTimeouts {
  /** Whole request (headers and body) must arrive within this many ms, else 408 and close (`REQUEST_TIMEOUT_MS`). Default 30,000. */
  readonly requestTimeoutMs: number
  /** The header block must arrive within this many ms, else 408 and close (`HEADERS_TIMEOUT_MS`). Default 10,000; at most the request timeout. */
  readonly headersTimeoutMs: number
  /** An idle kept-alive connection is closed after this many ms (`KEEP_ALIVE_TIMEOUT_MS`). Default 5,000. */
  readonly keepAliveTimeoutMs: number
}

/** The defaults of {@link ServerTimeouts}, in milliseconds. */
export const DEFAULT_SERVER_TIMEOUTS: ServerTimeouts = Object.freeze({
  requestTimeoutMs: 30_000,
  headersTimeoutMs: 10_000,
  keepAliveTimeoutMs: 5_000,
})

/** Bounds accepted from the environment, in ms: short enough values for tests, nothing unbounded. */
const RANGE = { min: 100, max: 3_600_000 } as const

/**
 * Reads `REQUEST_TIMEOUT_MS`, `HEADERS_TIMEOUT_MS` and `KEEP_ALIVE_TIMEOUT_MS` (integers, 100 ms to
 * 1 h; unset or empty → the default). Problems are appended to `problems` (the caller reports
 * them all at once) and the default is used for the bad value.
 */
export function readServerTimeouts(env: Readonly<Record<string, string | undefined>>, problems: string[]): ServerTimeouts {
  const int = (name: string, fallback: number): number => {
    const raw = env[name]?.trim()
    if (raw === undefined || raw === '') return fallback
    const value = Number(raw)
    if (Number.isInteger(value) && value >= RANGE.min && value <= RANGE.max) return value
    problems.push(`${name} must be an integer number of milliseconds from ${RANGE.min} to ${RANGE.max} (got "${raw}")`)
    return fallback
  }
  const timeouts = {
    requestTimeoutMs: int('REQUEST_TIMEOUT_MS', DEFAULT_SERVER_TIMEOUTS.requestTimeoutMs),
    headersTimeoutMs: int('HEADERS_TIMEOUT_MS', DEFAULT_SERVER_TIMEOUTS.headersTimeoutMs),
    keepAliveTimeoutMs: int('KEEP_ALIVE_TIMEOUT_MS', DEFAULT_SERVER_TIMEOUTS.keepAliveTimeoutMs),
  }
  // Node refuses a headers timeout longer than the request timeout (ERR_OUT_OF_RANGE at start-up).
  if (timeouts.headersTimeoutMs > timeouts.requestTimeoutMs) {
    problems.push(`HEADERS_TIMEOUT_MS (${timeouts.headersTimeoutMs}) must not exceed REQUEST_TIMEOUT_MS (${timeouts.requestTimeoutMs})`)
    return { ...timeouts, headersTimeoutMs: Math.min(timeouts.headersTimeoutMs, timeouts.requestTimeoutMs) }
  }
  return timeouts
}

/** The node:http `createServer` (and Fastify `http`) options that carry the timeouts, in ms. */
export interface HttpTimeoutOptions {
  requestTimeout: number
  headersTimeout: number
  keepAliveTimeout: number
  connectionsCheckingInterval: number
}

/**
 * `http.createServer` options for `timeouts`. Node checks the request and headers timeouts only
 * every `connectionsCheckingInterval` (default 30 s, which would double a 30 s timeout), so the
 * interval follows the shorter timeout: a quarter of it, between 50 ms and 1 s. (A plain object
 * type, not node:http's: this module stays free of Node built-ins, as the browser-safe mock
 * reaches it through the issuer's types.)
 */
export function httpServerOptions(timeouts: ServerTimeouts): HttpTimeoutOptions {
  const shorter = Math.min(timeouts.requestTimeoutMs, timeouts.headersTimeoutMs)
  return {
    requestTimeout: timeouts.requestTimeoutMs,
    headersTimeout: timeouts.headersTimeoutMs,
    keepAliveTimeout: timeouts.keepAliveTimeoutMs,
    connectionsCheckingInterval: Math.min(1_000, Math.max(50, Math.floor(shorter / 4))),
  }
}

/**
 * Reads `ALLOWED_HOSTS`: comma-separated host names (or IP literals) without scheme, port or path.
 * Problems are appended to `problems`; bad entries are dropped.
 */
export function readAllowedHosts(env: Readonly<Record<string, string | undefined>>, problems: string[]): string[] {
  const names = (env.ALLOWED_HOSTS ?? '')
    .split(',')
    .map((s) => s.trim().toLowerCase())
    .filter(Boolean)
  return names.filter((name) => {
    // A name, an IPv4 literal, or a bracketed IPv6 literal; `*` is refused: it would switch the check off.
    if (/^[a-z0-9_]([a-z0-9_.-]*[a-z0-9_.])?$/.test(name) || /^\[[0-9a-f:.]+\]$/.test(name)) return true
    problems.push(`ALLOWED_HOSTS: "${name}" is not a host name like dev.example.test (no scheme, port or path)`)
    return false
  })
}

/** What every dev server reads from the environment about its exposure: {@link readServerTimeouts} and {@link readAllowedHosts}. */
export function readServerExposure(
  env: Readonly<Record<string, string | undefined>>,
  problems: string[],
): { timeouts: ServerTimeouts; allowedHosts: string[] } {
  return { timeouts: readServerTimeouts(env, problems), allowedHosts: readAllowedHosts(env, problems) }
}
