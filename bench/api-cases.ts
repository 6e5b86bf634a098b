import type { ApiTargets, ListeningChild } from './api-targets.ts'
import { BENCH_USERS } from './api-targets.ts'
import { trackCpu } from './child-process-cpu.ts'
import { trackPeakRss } from './child-process-rss.ts'
import { runLoad, type LoadOptions, type LoadResult } from './load.ts'
import { BIG_LIST_SIZE, type ApiCase } from './results.ts'

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
}

/** Which process serves `id` and the request autocannon repeats (`connections` set: that many, whatever the run's). */
export function apiCaseRequest(id: ApiCase, targets: ApiTargets): { target: ListeningChild; request: Omit<LoadOptions, 'durationSeconds'> } {
  const { server, floor, auth } = targets
  switch (id) {
    case 'floor':
      // The list path and the list user's token: the floor does the list's authentication and nothing else.
      return { target: floor, request: { url: `${floor.url}/api/${BENCH_USERS.list}/tasks`, headers: { authorization: auth.list } } }
    case 'list':
      return { target: server, request: { url: `${server.url}/api/${BENCH_USERS.list}/tasks`, headers: { authorization: auth.list } } }
    case 'create':
      return {
        target: server,
        request: {
          url: `${server.url}/api/${BENCH_USERS.create}/tasks`,
          method: 'POST',
          headers: { authorization: auth.create, 'content-type': 'application/json' },
          body: JSON.stringify({ title: 'Benchmark task', description: 'Created by npm run bench' }),
        },
      }
    case 'toggle':
      return {
        target: server,
        request: {
          url: `${server.url}/api/${BENCH_USERS.toggle}/tasks/${targets.toggleTaskId}/complete`,
          method: 'PATCH',
          headers: { authorization: auth.toggle },
        },
      }
    // One request at a time: what one page costs, not how 50 clients queue for 2 cores.
    case 'page-first':
      return { target: server, request: { url: `${server.url}/api/${BENCH_USERS.big}/tasks`, headers: { authorization: auth.big }, connections: 1 } }
    case 'page-deep':
      return {
        target: server,
        request: {
          url: `${server.url}/api/${BENCH_USERS.big}/tasks?limit=100&offset=${BIG_LIST_SIZE - 100}`,
          headers: { authorization: auth.big },
          connections: 1,
        },
      }
  }
}

export interface MeasureOptions {
  durationSeconds: number
  /** Load before measuring, in seconds (0: none). */
  warmupSeconds: number
  connections: number
}

/**
 * Warms `id` up, then measures it: autocannon's numbers, the serving process's peak RSS over the
 * measured part, and the JWKS fetches the issuer saw meanwhile (steady state: after the warm-up).
 */
export async function measureApiCase(id: ApiCase, targets: ApiTargets, options: MeasureOptions): Promise<ApiCaseRun> {
  const { target, request } = apiCaseRequest(id, targets)
  const load = { ...request, connections: request.connections ?? options.connections }
  if (options.warmupSeconds > 0) await runLoad({ ...load, durationSeconds: options.warmupSeconds })
  // After the warm-up the pool has opened its connections, so every backend that serves the run is listed.
  const postgresPids = id === 'floor' ? [] : await targets.postgresPids()
  const fetchesBefore = targets.issuer.jwksFetchCount
  const rss = trackPeakRss(target.pid)
  const cpu = trackCpu([target.pid])
  const postgresCpu = trackCpu(postgresPids)
  const result = await runLoad({ ...load, durationSeconds: options.durationSeconds })
  const perRequestUs = (ms: number | undefined) => (ms === undefined || result.requests === 0 ? undefined : (ms * 1000) / result.requests)
  return {
    ...result,
    peakRssBytes: rss.stop(),
    jwksFetches: targets.issuer.jwksFetchCount - fetchesBefore,
    cpuUsPerRequest: perRequestUs(cpu.stop()),
    postgresCpuUsPerRequest: postgresPids.length > 0 ? perRequestUs(postgresCpu.stop()) : undefined,
  }
}
