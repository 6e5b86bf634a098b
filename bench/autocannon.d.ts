// autocannon ships no types; this declares the part of its API the bench uses (see its README).
declare module 'autocannon' {
  interface Histogram { average: number; mean: number; min: number; max: number; total: number; p50: number; p99: number }
  interface Result {
    requests: Histogram
    latency: Histogram
    /** Elapsed seconds. */
    duration: number
    /** Connection errors, timeouts included. */
    errors: number
    timeouts: number
    non2xx: number
    statusCodeStats: Record<string, { count: number }>
  }
  interface Options {
    url: string
    connections?: number
    duration?: number
    method?: string
    headers?: Record<string, string>
    body?: string
    timeout?: number
  }
  function autocannon(options: Options): Promise<Result> & { stop(): void }
  export default autocannon
}
