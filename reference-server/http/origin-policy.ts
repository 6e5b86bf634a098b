import type { ServerConfig } from '../config/load-config.ts'

/** The `Access-Control-Allow-Origin` value for a request's `Origin`, or `false` for none at all. */
export type OriginPolicy = (origin: string | undefined) => string | false

/**
 * The CORS origin rule of the server: an origin of `config.corsOrigins` is echoed back, any other
 * gets no CORS header. One function, so @fastify/cors and the answers Fastify gives before its
 * hooks run (see framework-errors.ts) apply the same rule.
 */
export function createOriginPolicy(config: Pick<ServerConfig, 'corsOrigins'>): OriginPolicy {
  const allowedOrigins = new Set(config.corsOrigins)
  return (origin) => (origin !== undefined && allowedOrigins.has(origin) ? origin : false)
}
