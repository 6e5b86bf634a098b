import { createIssuer } from '../../mocks/issuer/index.ts'
import { loadConfig } from '../../reference-server/config/load-config.ts'
import type { Database } from '../../reference-server/db/open-database.ts'
import { startServer } from '../../reference-server/server.ts'
import type { Capability } from './checklist.ts'

/** Everything a target offers; a check needing something else is skipped with the reason. */
export const ALL_CAPABILITIES: Capability[] = ['mint-tokens', 'issuer-keys', 'issuer-stats', 'rotate-keys', 'persistence', 'ownership', 'fast-jwks-refresh']

/** A started target: where it answers, how its tokens are made, and how to stop it. */
export interface StartedTarget {
  baseUrl: string
  issuerUrl: string
  iss: string
  aud: string
  capabilities: Capability[]
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
    })
    const { app, url } = await startServer(config, options.database ? { database: options.database } : {})
    return {
      baseUrl: url,
      issuerUrl: listener.url,
      iss: issuer.issuer,
      aud: issuer.audience,
      capabilities: ALL_CAPABILITIES,
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
