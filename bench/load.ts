import { autocannon, type AutocannonRequestStep } from './autocannon.ts'

/** One load case: a single request repeated on `connections` keep-alive connections. */
export interface LoadOptions {
  url: string
  /** Concurrent connections. Default 50. */
  connections?: number
  /** Length of the run, in seconds. */
  durationSeconds: number
  method?: 'GET' | 'POST' | 'PATCH' | 'PUT' | 'DELETE'
  headers?: Record<string, string>
  body?: string
  /**
   * Requests sent in turn instead of `url`'s path and `headers.authorization` (one per request,
   * round robin over all connections): many users' tokens on one run.
   */
  rotate?: readonly { path: string; authorization: string }[]
  /** Stop after this many requests instead of after `durationSeconds`. */
  amount?: number
}

/** What one autocannon run measured. */
export interface LoadResult {
  /** Completed requests per second (all statuses). */
  rps: number
  /** Median latency, in milliseconds. */
  p50Ms: number
  /** 99th-percentile latency, in milliseconds. */
  p99Ms: number
  /** Non-2xx responses plus socket errors (timeouts included). */
  errors: number
  /** Completed requests. */
  requests: number
  /** Elapsed time, in seconds. */
  durationSeconds: number
  /** Responses per status code, to explain any error. */
  statusCodes: Record<string, number>
}

/** Runs autocannon in this process (the server under test is another process) and reduces its result. */
export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const result = await autocannon({
    url: options.url,
    connections: options.connections ?? 50,
    ...(options.amount ? { amount: options.amount } : { duration: options.durationSeconds }),
    method: options.method ?? 'GET',
    headers: options.headers ?? {},
    ...(options.body !== undefined && { body: options.body }),
    ...(options.rotate && { requests: [rotating(options.rotate)] }),
  })
  const requests = result.requests.total
  return {
    rps: requests / result.duration,
    p50Ms: result.latency.p50,
    p99Ms: result.latency.p99,
    errors: result.non2xx + result.errors,
    requests,
    durationSeconds: result.duration,
    statusCodes: Object.fromEntries(Object.entries(result.statusCodeStats ?? {}).map(([code, s]) => [code, Number(s.count)])),
  }
}

/** An autocannon step that sends the next of `requests` each time (a shared counter, not per connection). */
function rotating(requests: readonly { path: string; authorization: string }[]): AutocannonRequestStep<unknown> {
  let next = 0
  return {
    setupRequest(request) {
      const pick = requests[next++ % requests.length]!
      return { ...request, path: pick.path, headers: { ...request.headers, authorization: pick.authorization } }
    },
  }
}
