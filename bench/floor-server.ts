import Fastify, { type FastifyInstance } from 'fastify'
import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey, type JWTVerifyOptions } from 'jose'
import type { ServerConfig } from '../reference-server/config/load-config.ts'

/** What the floor reads from the reference server's configuration: the same trust settings. */
export type FloorConfig = Pick<
  ServerConfig,
  'jwksUrl' | 'jwtIssuer' | 'jwtAudience' | 'jwtAlgorithms' | 'jwtClockToleranceSeconds' | 'jwksCooldownSeconds' | 'jwksCacheMaxAgeSeconds' | 'jwksTimeoutMs'
>

/** The constant the floor answers once a token verifies. */
export const FLOOR_BODY = '{"ok":true}'

/**
 * The verification options the reference server uses without a fault (see
 * shared/auth/verify-token.ts): the floor must do the same cryptographic and claim work,
 * or the ratio against it would flatter or wrong the server.
 */
export function floorVerifyOptions(config: FloorConfig): JWTVerifyOptions {
  return {
    algorithms: [...config.jwtAlgorithms],
    issuer: config.jwtIssuer,
    audience: config.jwtAudience.length > 0 ? [...config.jwtAudience] : undefined,
    requiredClaims: ['sub', 'exp'],
    clockTolerance: config.jwtClockToleranceSeconds,
  }
}

/**
 * The throughput floor: a bare Fastify app (no logger, no CORS, no schemas, no database) whose one
 * route, on the reference server's list path, verifies the bearer token with jose against the same
 * remote JWKS (same cache settings) and answers a constant. Anything the reference server costs
 * beyond this is its own work: routing, auth hook, SQL, serialization, logging.
 * @param getKey key lookup; default jose's remote JWKS at `config.jwksUrl` (tests may pass a local set).
 */
export function buildFloorApp(config: FloorConfig, getKey?: JWTVerifyGetKey): FastifyInstance {
  const keys =
    getKey ??
    createRemoteJWKSet(new URL(config.jwksUrl), {
      cooldownDuration: config.jwksCooldownSeconds * 1000,
      cacheMaxAge: config.jwksCacheMaxAgeSeconds * 1000,
      timeoutDuration: config.jwksTimeoutMs,
    })
  const options = floorVerifyOptions(config)
  const app = Fastify()
  app.get('/api/:user_id/tasks', async (request, reply) => {
    const match = /^Bearer +(\S+) *$/i.exec(request.headers.authorization ?? '')
    try {
      if (!match) throw new Error('no bearer token')
      await jwtVerify(match[1]!, keys, options)
    } catch {
      return reply.code(401).header('www-authenticate', 'Bearer error="invalid_token"').send()
    }
    return reply.type('application/json; charset=utf-8').send(FLOOR_BODY)
  })
  return app
}
