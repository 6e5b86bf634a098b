import { describe, expect, it } from 'vitest'
import { autocannon, type AutocannonRequest } from '../../bench/autocannon.ts'
import { testEnv } from '../support/test-env.ts'
import { bearer, cleanupAfterAll, createDatabase, LOAD_SECONDS, median, report, send, startIssuer, useServers, type DatabaseUnderTest } from './harness.ts'

const CONNECTIONS = 50
const USERS = 8
/**
 * How much the median RSS of the last third of the run may exceed that of the second third (the
 * first third is warm-up): heap settling and JIT. A steady state moves by a few MiB; a leak of a
 * few KiB per request (~1,500 requests/s on 2 cores) moves it by tens.
 */
const RSS_GROWTH_BOUND = { bytes: 12 * 1024 * 1024, ratio: 0.05 }
/** The last third of the run must answer at least this share of the requests the second third did. */
const THROUGHPUT_FLOOR = 0.6
/** V8 old-space cap of the server process, in MiB (its live heap under this load is ~25 MiB). */
const HEAP_CAP_MIB = 128
const MiB = 1024 * 1024

const { serve } = useServers()

describe('load held', () => {
  it(`serves ${LOAD_SECONDS} s of mixed authenticated traffic at ${CONNECTIONS} connections without an error or unbounded memory growth`, async () => {
    const issuer = await startIssuer()
    cleanupAfterAll(() => issuer.listener.close())
    let database: DatabaseUnderTest | undefined
    if (testEnv.databaseUrl) {
      database = await createDatabase(testEnv.databaseUrl)
      cleanupAfterAll(() => database!.drop())
    }
    // A fixed heap cap: V8 otherwise sizes its heap from the machine's memory and grows it lazily,
    // so RSS climbs for minutes without a leak. With the cap, RSS plateaus once warm, and a real leak
    // either shows as growth or ends in an out-of-memory crash (which fails every request after it).
    const server = await serve({ ...issuer.env, ...(database && { DATABASE_URL: database.serverUrl }), NODE_OPTIONS: `--max-old-space-size=${HEAP_CAP_MIB}` })
    const users = Array.from({ length: USERS }, (_, i) => `load_user_${i}`)
    const tokens = new Map(await Promise.all(users.map(async (u) => [u, await bearer(issuer.issuer, u)] as const)))

    // RSS every 250 ms for the whole run.
    const samples: { at: number; rss: number }[] = []
    const started = performance.now()
    const rssBefore = server.rss()!
    const sampler = setInterval(() => {
      const rss = server.rss()
      if (rss !== undefined) samples.push({ at: performance.now() - started, rss })
    }, 250)

    type Context = { user?: string; id?: string }
    let next = 0
    const as = (request: AutocannonRequest, context: Context, method: string, path: string, body?: unknown) => {
      const user = context.user!
      request.method = method
      request.path = `/api/${user}/tasks${path}`
      request.headers = { authorization: tokens.get(user)!, ...(body !== undefined && { 'content-type': 'application/json' }) }
      request.body = body === undefined ? undefined : JSON.stringify(body)
      return request
    }
    const statusCodes = new Map<number, number>()
    const answeredAt: number[] = []
    const result = await autocannon<Context>({
      url: server.url,
      connections: CONNECTIONS,
      duration: LOAD_SECONDS,
      timeout: 10,
      requests: [
        {
          setupRequest: (request, context) => {
            context.user = users[next++ % USERS]
            return as(request, context, 'POST', '', { title: `${context.user}:load`, description: 'created under load' })
          },
          onResponse: (status, body, context) => {
            if (status === 201) context.id = (JSON.parse(body) as { id: string }).id
          },
        },
        { setupRequest: (request, context) => as(request, context, 'GET', '') },
        { setupRequest: (request, context) => as(request, context, 'GET', `/${context.id}`) },
        { setupRequest: (request, context) => as(request, context, 'PUT', `/${context.id}`, { title: `${context.user}:updated` }) },
        { setupRequest: (request, context) => as(request, context, 'PATCH', `/${context.id}/complete`) },
        { setupRequest: (request, context) => as(request, context, 'DELETE', `/${context.id}`) },
      ],
    }).on('response', (_client: unknown, statusCode: number) => {
      statusCodes.set(statusCode, (statusCodes.get(statusCode) ?? 0) + 1)
      answeredAt.push(performance.now() - started)
    })
    clearInterval(sampler)
    // A server that died under load (an out-of-memory crash is how a leak ends under the heap cap).
    const { exitCode, signalCode } = server.process.child
    expect({ exitCode, signalCode }, `the server exited during the load:\n${server.process.output().slice(-2_000)}`).toEqual({
      exitCode: null,
      signalCode: null,
    })
    const rssAfter = server.rss()!

    const total = [...statusCodes.values()].reduce((a, b) => a + b, 0)
    // Thirds of the run: the first is warm-up; the last must not sit above the second by more than the bound.
    const third = (n: number) => samples.filter((s) => s.at >= (n * LOAD_SECONDS * 1000) / 3 && s.at < ((n + 1) * LOAD_SECONDS * 1000) / 3).map((s) => s.rss)
    const second = median(third(1))
    const last = median(third(2))
    const bound = Math.max(RSS_GROWTH_BOUND.bytes, second * RSS_GROWTH_BOUND.ratio)
    // Throughput per third: a leak under the heap cap shows as garbage collection eating the CPU.
    const answeredIn = (n: number) => answeredAt.filter((t) => t >= (n * LOAD_SECONDS * 1000) / 3 && t < ((n + 1) * LOAD_SECONDS * 1000) / 3).length
    report('load', {
      seconds: LOAD_SECONDS,
      connections: CONNECTIONS,
      requests: total,
      rps: result.requests.average,
      p99_ms: result.latency.p99,
      answered_second_third: answeredIn(1),
      answered_last_third: answeredIn(2),
      errors: result.errors,
      timeouts: result.timeouts,
      non2xx: result.non2xx,
      statuses: JSON.stringify(Object.fromEntries(statusCodes)),
      rss_before_mib: rssBefore / MiB,
      rss_second_third_mib: second / MiB,
      rss_last_third_mib: last / MiB,
      rss_after_mib: rssAfter / MiB,
      rss_curve_mib: Array.from({ length: 12 }, (_, k) => Math.round(samples[Math.floor((k * (samples.length - 1)) / 11)]!.rss / MiB)).join('/'),
      rss_max_mib: Math.max(...samples.map((s) => s.rss)) / MiB,
      growth_bound_mib: bound / MiB,
    })

    expect(total).toBeGreaterThan(CONNECTIONS * 6)
    expect({ errors: result.errors, timeouts: result.timeouts, non2xx: result.non2xx, mismatches: result.mismatches }).toEqual({
      errors: 0,
      timeouts: 0,
      non2xx: 0,
      mismatches: 0,
    })
    expect(third(1).length).toBeGreaterThan(3)
    expect(third(2).length).toBeGreaterThan(3)
    expect(answeredIn(2), 'throughput of the last third against the second').toBeGreaterThanOrEqual(answeredIn(1) * THROUGHPUT_FLOOR)
    expect(last - second, `RSS median grew from ${(second / MiB).toFixed(1)} MiB to ${(last / MiB).toFixed(1)} MiB`).toBeLessThanOrEqual(bound)

    // Still healthy afterwards, and every stored task is its owner's.
    expect((await send(`${server.url}/health/ready`)).status).toBe(200)
    if (database) {
      const { rows } = await database.pool.query<{ foreign: number; total: number }>(
        `SELECT count(*) FILTER (WHERE title NOT LIKE user_id || ':%')::int AS foreign, count(*)::int AS total FROM tasks`,
      )
      expect(rows[0]!.foreign).toBe(0)
      // Each connection stops mid-sequence at most once: at most one task left per connection.
      expect(rows[0]!.total).toBeLessThanOrEqual(CONNECTIONS)
    }
  })
})
