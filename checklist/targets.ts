import { createIssuer } from '../mocks/issuer/index.ts'
import { loadConfig } from '../reference-server/config/load-config.ts'
import type { Database } from '../shared/db/open-database.ts'
import { startServer } from '../reference-server/server.ts'
import { startMockServer } from '../mocks/msw/mock-server.ts'
import { startPrismMock } from '../mocks/prism/index.ts'
import type { Capability } from './checklist.ts'

/** Everything a target offers; a check needing something else is skipped with the reason. */
export const ALL_CAPABILITIES: Capability[] = [
  'mint-tokens',
  'issuer-keys',
  'issuer-stats',
  'rotate-keys',
  'issuer-outage',
  'persistence',
  'ownership',
  'fast-jwks-refresh',
  'verifies-tokens',
  'cors',
]

/** A started target: where it answers, how its tokens are made, and how to stop it. */
export interface StartedTarget {
  baseUrl: string
  issuerUrl: string
  iss: string
  aud: string
  capabilities: Capability[]
  /**
   * Starts a twin: the same implementation (and fault, and database) trusting an issuer of its own,
   * for the key-handling items to run beside the others (see `CheckContext.keyTarget`).
   */
  twin?: () => Promise<StartedTarget>
  close(): Promise<void>
}

export interface ReferenceTargetOptions {
  /** PostgreSQL URL; default an in-memory PGlite. */
  databaseUrl?: string
  /** An already open database (the self-test shares one PGlite across runs). */
  database?: Database
  /** Break one rule on purpose (see reference-server/faults). */
  fault?: string
  /** CORS origin the server allows. */
  origin: string
  /** The server's `VERIFY_CACHE` (`on` or `off`). Default: the server's default (on). */
  verifyCache?: string
}

/**
 * The reference server in-process, trusting a fresh in-memory simulated issuer — exactly as a
 * deployment would (HTTP JWKS fetches), with a 1 s JWKS cooldown so rotation is checked in seconds.
 */
export async function startReferenceTarget(options: ReferenceTargetOptions): Promise<StartedTarget> {
  const issuer = await createIssuer()
  const listener = await issuer.listen({ port: 0 })
  try {
    const config = loadConfig({
      JWKS_URL: `${listener.url}/api/auth/jwks`,
      JWT_ISSUER: issuer.issuer,
      JWT_AUDIENCE: issuer.audience,
      JWKS_COOLDOWN_SECONDS: '1',
      CORS_ORIGINS: options.origin,
      PORT: '0',
      LOG_LEVEL: 'silent',
      PGLITE_DATA_DIR: 'memory://',
      ...(options.databaseUrl && { DATABASE_URL: options.databaseUrl }),
      ...(options.fault && { TCK_FAULT: options.fault }),
      ...(options.verifyCache && { VERIFY_CACHE: options.verifyCache }),
    })
    const { app, url } = await startServer(config, options.database ? { database: options.database } : {})
    return {
      baseUrl: url,
      issuerUrl: listener.url,
      iss: issuer.issuer,
      aud: issuer.audience,
      capabilities: ALL_CAPABILITIES,
      // The twin uses this server's database (it does not close it): PGlite boots in seconds.
      twin: () => startReferenceTarget({ ...options, database: app.database }),
      async close() {
        await app.close()
        await listener.close()
      },
    }
  } catch (error) {
    await listener.close()
    throw error
  }
}

/**
 * The stateful MSW mock over HTTP, configured exactly like the reference server (JWKS_URL of a
 * fresh simulated issuer, its iss/aud, 1 s cooldown): it must pass what the reference passes.
 */
export async function startMswTarget(options: { origin: string }): Promise<StartedTarget> {
  const issuer = await createIssuer()
  const listener = await issuer.listen({ port: 0 })
  try {
    const mock = await startMockServer({
      port: 0,
      jwksUrl: `${listener.url}/api/auth/jwks`,
      jwtIssuer: issuer.issuer,
      jwtAudience: [issuer.audience],
      jwksCooldownSeconds: 1,
      corsOrigins: [options.origin],
      validateResponses: false,
    })
    return {
      baseUrl: mock.url,
      issuerUrl: listener.url,
      iss: issuer.issuer,
      aud: issuer.audience,
      capabilities: ALL_CAPABILITIES,
      twin: () => startMswTarget(options),
      async close() {
        await mock.close()
        await listener.close()
      },
    }
  } catch (error) {
    await listener.close()
    throw error
  }
}

/**
 * Prism serving the contract's examples: stateless, and it only checks that a Bearer value is
 * present, so it can prove what a contract mock can — statuses, shapes, the 401 challenge —
 * and the report says which items it cannot. `contractPath`: another document to serve (default the contract).
 */
export async function startPrismTarget(options: { contractPath?: string } = {}): Promise<StartedTarget> {
  const issuer = await createIssuer()
  const listener = await issuer.listen({ port: 0 })
  try {
    const prism = await startPrismMock({ port: 0, ...(options.contractPath && { contractPath: options.contractPath }) })
    return {
      baseUrl: prism.url,
      issuerUrl: listener.url,
      iss: issuer.issuer,
      aud: issuer.audience,
      capabilities: ['mint-tokens'],
      async close() {
        await prism.close()
        await listener.close()
      },
    }
  } catch (error) {
    await listener.close()
    throw error
  }
}
