/**
 * Shared pieces of the reliability suite: a `tck serve` child process (so faults hit a real
 * process, its RSS can be read, and SIGTERM is a real signal), the simulated issuer it trusts
 * (optionally behind a TCP proxy), a throw-away PostgreSQL database, and request recorders.
 */
import { readFileSync } from 'node:fs'
import { setTimeout as sleep } from 'node:timers/promises'
import pg from 'pg'
import { afterAll } from 'vitest'
import { createIssuer, type Issuer, type IssuerListener } from '../../mocks/issuer/index.ts'
import { createPostgresDatabase, type TestDatabase } from '../../shared/db/postgres-database.ts'
import { useTckProcesses, type TckProcess } from '../support/spawn-tck.ts'
import { startTcpProxy, type TcpProxy } from '../support/tcp-proxy.ts'
import { testEnv } from '../support/test-env.ts'

/** The suite's time knob (`TCK_RELIABILITY_SECONDS`): 60 by default, ~15 in CI. */
export const LOAD_SECONDS = testEnv.reliabilitySeconds

/** A listening `tck serve` child process. */
export interface ServerProcess {
  url: string
  pid: number
  process: TckProcess
  /** Resident set size of the server process now, in bytes (from /proc/<pid>/status); `undefined` once it has exited. */
  rss(): number | undefined
}

/** An issuer listening on an ephemeral port, optionally reached through a proxy (to take it down). */
export interface IssuerUnderTest {
  issuer: Issuer
  listener: IssuerListener
  /** The proxy in front of the JWKS endpoint, when asked for. */
  proxy: TcpProxy | undefined
  /** `JWKS_URL`, `JWT_ISSUER`, `JWT_AUDIENCE` for the server. */
  env: Record<string, string>
}

export async function startIssuer(options: { proxied?: boolean; graceSeconds?: number } = {}): Promise<IssuerUnderTest> {
  const issuer = await createIssuer(options.graceSeconds === undefined ? {} : { graceSeconds: options.graceSeconds })
  const listener = await issuer.listen({ port: 0 })
  const proxy = options.proxied ? await startTcpProxy({ host: '127.0.0.1', port: Number(new URL(listener.url).port) }) : undefined
  const jwksBase = proxy ? `http://${proxy.host}:${proxy.port}` : listener.url
  return { issuer, listener, proxy, env: { JWKS_URL: `${jwksBase}/api/auth/jwks`, JWT_ISSUER: issuer.issuer, JWT_AUDIENCE: issuer.audience } }
}

/** A throw-away PostgreSQL database (when `DATABASE_URL` is set), optionally behind a proxy. */
export interface DatabaseUnderTest {
  /** The database's own URL (for direct checks through pg). */
  url: string
  /** The URL the server gets: through the proxy when there is one. */
  serverUrl: string
  proxy: TcpProxy | undefined
  /** A pg pool straight to the database (not through the proxy), closed with the file. */
  pool: pg.Pool
  drop(): Promise<void>
}

export async function createDatabase(adminUrl: string, options: { proxied?: boolean } = {}): Promise<DatabaseUnderTest> {
  const database: TestDatabase = await createPostgresDatabase(adminUrl)
  const url = new URL(database.url)
  const proxy = options.proxied ? await startTcpProxy({ host: url.hostname, port: Number(url.port || 5432) }) : undefined
  const serverUrl = new URL(database.url)
  if (proxy) {
    serverUrl.hostname = proxy.host
    serverUrl.port = String(proxy.port)
  }
  const pool = new pg.Pool({ connectionString: database.url, max: 2 })
  return {
    url: database.url,
    serverUrl: serverUrl.toString(),
    proxy,
    pool,
    async drop() {
      await pool.end()
      await proxy?.close()
      await database.drop()
    },
  }
}

/**
 * The server's `DATABASE_URL`: a throw-away database on `DATABASE_URL`'s server, dropped after the
 * file; `{}` (embedded PGlite) when no PostgreSQL is configured.
 */
export async function throwAwayDatabaseEnv(): Promise<{ DATABASE_URL?: string }> {
  if (!testEnv.databaseUrl) return {}
  const database = await createDatabase(testEnv.databaseUrl)
  cleanupAfterAll(() => database.drop())
  return { DATABASE_URL: database.serverUrl }
}

/**
 * For one test file: `serve(env)` starts `node bin/tck.mjs serve` on an ephemeral port with exactly
 * `env` (PGlite in memory unless `DATABASE_URL` is given, LOG_LEVEL warn so 60 s of load does not
 * flood the pipe); every process is killed after the file, and every {@link cleanupAfterAll} runs.
 */
export function useServers(): { serve(env: Record<string, string>): Promise<ServerProcess> } {
  const { tck } = useTckProcesses('tck-reliability-')
  // Registered after useTckProcesses' hook, so it runs before it: databases and issuers go first.
  afterAll(runCleanups)
  return {
    async serve(env) {
      const fault = testEnv.reliabilityFault
      const child = tck(['serve'], {
        PORT: '0',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        PGLITE_DATA_DIR: 'memory://',
        ...env,
        ...(fault && { TCK_FAULT: fault }),
      })
      const [, url] = await child.waitFor(/Task API listening on (http:\/\/\S+)/, 60_000)
      const pid = child.child.pid!
      return { url: url!, pid, process: child, rss: () => readRss(pid) }
    },
  }
}

/** VmRSS of `pid` in bytes, `undefined` when there is no such process (any more). */
export function readRss(pid: number): number | undefined {
  let status: string
  try {
    status = readFileSync(`/proc/${pid}/status`, 'utf8')
  } catch {
    return undefined
  }
  const kb = /VmRSS:\s+(\d+) kB/.exec(status)?.[1]
  return kb === undefined ? undefined : Number(kb) * 1024
}

const cleanups: (() => Promise<unknown> | unknown)[] = []

/**
 * Runs `fn` after the file's tests (issuers, proxies, databases), last registered first; callable
 * from inside tests and hooks, where Vitest no longer takes new hooks. Needs {@link useServers}.
 */
export function cleanupAfterAll(fn: () => Promise<unknown> | unknown) {
  cleanups.push(fn)
}

async function runCleanups() {
  const errors: unknown[] = []
  while (cleanups.length > 0) {
    try {
      await cleanups.pop()!()
    } catch (error) {
      errors.push(error)
    }
  }
  if (errors.length > 0) throw new AggregateError(errors, 'cleanup failed')
}

/** One request's outcome, as a client saw it. */
export interface Outcome {
  /** When it was sent and answered, `performance.now()` milliseconds. */
  sentAt: number
  doneAt: number
  /** HTTP status, or 0 when the request failed without a response (refused, reset, client timeout). */
  status: number
  /** The parsed JSON body, `undefined` when absent or not JSON. */
  body: unknown
  contentType: string | null
  /** The error name and cause code when there was no response. */
  error?: string
}

export const latency = (o: Outcome) => o.doneAt - o.sentAt

/** Sends one request with fetch and records the outcome; never throws. */
export async function send(url: string, init: RequestInit & { timeoutMs?: number } = {}): Promise<Outcome> {
  const sentAt = performance.now()
  try {
    const response = await fetch(url, { ...init, signal: AbortSignal.timeout(init.timeoutMs ?? 30_000) })
    const text = await response.text()
    let body: unknown
    try {
      body = text ? JSON.parse(text) : undefined
    } catch {
      body = undefined
    }
    return { sentAt, doneAt: performance.now(), status: response.status, body, contentType: response.headers.get('content-type') }
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause
    return {
      sentAt,
      doneAt: performance.now(),
      status: 0,
      body: undefined,
      contentType: null,
      error: `${(error as Error).name}${cause?.code ? `:${cause.code}` : ''}`,
    }
  }
}

/**
 * `workers` loops that each send `next(worker, i)` one after another until `stop()`; every outcome
 * is kept. @returns the outcomes (growing while it runs) and `stop()`, which waits for the loops.
 */
export function runWorkers(workers: number, next: (worker: number, i: number) => Promise<Outcome>): { outcomes: Outcome[]; stop(): Promise<Outcome[]> } {
  const outcomes: Outcome[] = []
  let running = true
  const loops = Array.from({ length: workers }, async (_, worker) => {
    for (let i = 0; running; i++) outcomes.push(await next(worker, i))
  })
  return {
    outcomes,
    async stop() {
      running = false
      await Promise.all(loops)
      return outcomes
    },
  }
}

/** `p`-th percentile (0-100) of `values`, nearest rank. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN
  const sorted = [...values].sort((a, b) => a - b)
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))]!
}

export const median = (values: number[]) => percentile(values, 50)

/** Polls `check` every `everyMs` until it returns true. @returns the elapsed milliseconds; throws after `timeoutMs`. */
export async function waitUntil(check: () => Promise<boolean> | boolean, timeoutMs: number, everyMs = 50): Promise<number> {
  const start = performance.now()
  while (performance.now() - start < timeoutMs) {
    if (await check()) return performance.now() - start
    await sleep(everyMs)
  }
  throw new Error(`condition not met within ${timeoutMs} ms`)
}

/** A line for the suite's report, printed so CI logs keep the measured numbers. */
export function report(title: string, numbers: Record<string, unknown>) {
  console.log(
    `[reliability] ${title}: ${Object.entries(numbers)
      .map(([k, v]) => `${k}=${typeof v === 'number' ? Math.round(v * 10) / 10 : String(v)}`)
      .join(' ')}`,
  )
}

/** `Authorization` header value for `sub`, signed with the issuer's current key. */
export async function bearer(issuer: Issuer, sub: string): Promise<string> {
  return `Bearer ${await issuer.mint({ sub }, { expiresInSeconds: 3600 })}`
}

/** JSON request init with a bearer token. */
export function jsonInit(method: string, authorization: string, body?: unknown): RequestInit {
  return {
    method,
    headers: { authorization, ...(body !== undefined && { 'content-type': 'application/json' }) },
    ...(body !== undefined && { body: JSON.stringify(body) }),
  }
}
