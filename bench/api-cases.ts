import type { ApiTargets, CacheStats, ListeningChild, ServerTarget } from './api-targets.ts'
import { BENCH_USERS } from './api-targets.ts'
import { trackCpu } from './child-process-cpu.ts'
import { trackPeakRss } from './child-process-rss.ts'
import { runLoad, type LoadOptions, type LoadResult } from './load.ts'
import { BIG_LIST_SIZE, USER_COUNTS, type ApiCase } from './results.ts'

/** One measured run of an API case. */
export interface ApiCaseRun extends LoadResult {
  /** Peak RSS of the serving process during the run, in bytes. */
  peakRssBytes: number | undefined
  /** JWKS fetches the issuer counted during the run. */
  jwksFetches: number
  /** CPU time of the serving process per completed request, in microseconds. */
  cpuUsPerRequest: number | undefined
  /** CPU time of the PostgreSQL backends per completed request, in microseconds (server cases on PostgreSQL only). */
  postgresCpuUsPerRequest: number | undefined
  /** Verified-token cache hits and misses during the run (server cases with the cache on). */
  cache: { hits: number; misses: number } | undefined
}

/** The request autocannon repeats for `id` (`connections` set: that many, whatever the run's). */
export async function apiCaseRequest(id: ApiCase, targets: ApiTargets, server: ServerTarget): Promise<Omit<LoadOptions, 'durationSeconds'>> {
  const { floor, auth } = targets
  const list = (user: string, authorization: string, query = '') => ({ url: `${server.url}/api/${user}/tasks${query}`, headers: { authorization } })
  switch (id) {
    case 'floor':
      // The list path and the list user's token: the floor does the list's authentication and nothing else.
      return { url: `${floor.url}/api/${BENCH_USERS.list}/tasks`, headers: { authorization: auth.list } }
    case 'list':
      return list(BENCH_USERS.list, auth.list)
    case 'create':
      return {
        url: `${server.url}/api/${BENCH_USERS.create}/tasks`,
        method: 'POST',
        headers: { authorization: auth.create, 'content-type': 'application/json' },
        body: JSON.stringify({ title: 'Benchmark task', description: 'Created by npm run bench' }),
      }
    case 'toggle':
      return { url: `${server.url}/api/${BENCH_USERS.toggle}/tasks/${server.toggleTaskId}/complete`, method: 'PATCH', headers: { authorization: auth.toggle } }
    // One request at a time: what one page costs, not how 50 clients queue for 2 cores.
    case 'page-first':
      return { ...list(BENCH_USERS.big, auth.big), connections: 1 }
    case 'page-deep':
      return { ...list(BENCH_USERS.big, auth.big, `?limit=100&offset=${BIG_LIST_SIZE - 100}`), connections: 1 }
    case 'list-1k':
      return list(BENCH_USERS.mid, auth.mid)
    case 'list-5k':
      return list(BENCH_USERS.big, auth.big)
    case 'users-1':
    case 'users-100':
    case 'users-10k': {
      const rotate = await targets.manyUsers(USER_COUNTS[id])
      return { url: `${server.url}${rotate[0]!.path}`, rotate }
    }
  }
}

export interface MeasureOptions {
  durationSeconds: number
  /** Load before measuring, in seconds (0: none). */
  warmupSeconds: number
  connections: number
}

const delta = (before: CacheStats | null, after: CacheStats | null) =>
  before && after ? { hits: after.hits - before.hits, misses: after.misses - before.misses } : undefined

/**
 * Warms `id` up, then measures it on `server` (ignored for the floor): autocannon's numbers, the
 * serving process's peak RSS and CPU over the measured part, the JWKS fetches the issuer saw
 * meanwhile (steady state: after the warm-up) and the verified-token cache's hits and misses.
 */
export async function measureApiCase(id: ApiCase, targets: ApiTargets, server: ServerTarget, options: MeasureOptions): Promise<ApiCaseRun> {
  const request = await apiCaseRequest(id, targets, server)
  const target: ListeningChild = id === 'floor' ? targets.floor : server
  const load = { ...request, connections: request.connections ?? options.connections }
  if (options.warmupSeconds > 0) await runLoad({ ...load, durationSeconds: options.warmupSeconds })
  // Every user's token once before measuring: the hit rate is the steady state's, not a cold cache filling up.
  // autocannon refuses more connections than requests: one user's token is sent once per connection.
  if (load.rotate) await runLoad({ ...load, durationSeconds: 0, amount: Math.max(load.rotate.length, load.connections) })
  // After the warm-up the pool has opened its connections, so every backend that serves the run is listed.
  const postgresPids = id === 'floor' ? [] : await server.postgresPids()
  const cacheBefore = id === 'floor' ? null : await server.cacheStats()
  const fetchesBefore = targets.issuer.jwksFetchCount
  const rss = trackPeakRss(target.pid)
  const cpu = trackCpu([target.pid])
  const postgresCpu = trackCpu(postgresPids)
  const result = await runLoad({ ...load, durationSeconds: options.durationSeconds })
  const perRequestUs = (ms: number | undefined) => (ms === undefined || result.requests === 0 ? undefined : (ms * 1000) / result.requests)
  const measured = {
    peakRssBytes: rss.stop(),
    jwksFetches: targets.issuer.jwksFetchCount - fetchesBefore,
    cpuUsPerRequest: perRequestUs(cpu.stop()),
    postgresCpuUsPerRequest: postgresPids.length > 0 ? perRequestUs(postgresCpu.stop()) : undefined,
  }
  const cache = id === 'floor' ? undefined : delta(cacheBefore, await server.cacheStats())
  return { ...result, ...measured, cache }
}
