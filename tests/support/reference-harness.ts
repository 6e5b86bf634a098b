import type { FastifyInstance, InjectOptions, LightMyRequestResponse } from 'fastify'
import { buildApp } from '../../reference-server/app.ts'
import { loadConfig } from '../../reference-server/config/load-config.ts'
import { afterAll, beforeAll } from 'vitest'
import { openDatabase, type Database } from '../../shared/db/open-database.ts'
import { createIssuer, type CreateIssuerOptions, type Issuer } from '../../mocks/issuer/index.ts'

/** A reference server wired to a listening simulated issuer, with its log captured. */
export interface ReferenceHarness {
  app: FastifyInstance
  issuer: Issuer
  issuerUrl: string
  /** Every log line written so far, parsed. */
  logLines(): Record<string, unknown>[]
  /** The raw log text, to search for anything that must never be logged. */
  logText(): string
  /** `Authorization` header for a fresh default token of `sub`. */
  authFor(sub: string): Promise<{ authorization: string }>
  /** `app.inject` as `sub`. */
  as(sub: string, options: InjectOptions): Promise<LightMyRequestResponse>
  close(): Promise<void>
}

/**
 * Starts a simulated issuer on an ephemeral port and builds the reference server trusting it
 * through `JWKS_URL`, exactly as a deployment would (real HTTP JWKS fetches, jose's cache).
 */
export async function startReferenceHarness(options: {
  database?: Database
  env?: Record<string, string>
  issuer?: CreateIssuerOptions
}): Promise<ReferenceHarness> {
  const issuer = await createIssuer(options.issuer)
  const listener = await issuer.listen({ port: 0 })
  const lines: string[] = []
  const config = loadConfig({
    JWKS_URL: `${listener.url}/api/auth/jwks`,
    JWT_ISSUER: issuer.issuer,
    JWT_AUDIENCE: issuer.audience,
    LOG_LEVEL: 'info',
    PGLITE_DATA_DIR: 'memory://',
    ...options.env,
  })
  const app = await buildApp(config, { ...(options.database && { database: options.database }), logStream: { write: (line) => void lines.push(line) } })
  const authFor = async (sub: string) => ({ authorization: `Bearer ${await issuer.mint({ sub })}` })
  return {
    app,
    issuer,
    issuerUrl: listener.url,
    logLines: () => lines.map((l) => JSON.parse(l) as Record<string, unknown>),
    logText: () => lines.join(''),
    authFor,
    async as(sub, injectOptions) {
      return app.inject({ ...injectOptions, headers: { ...(await authFor(sub)), ...injectOptions.headers } })
    },
    async close() {
      await app.close()
      await listener.close()
    },
  }
}

/**
 * One in-memory PGlite database for a whole test file (it takes seconds to boot), opened before
 * the file's tests and closed after them. @returns a getter, valid inside tests and hooks.
 */
export function useSharedDatabase(): () => Database {
  let database: Database | undefined
  beforeAll(async () => {
    database = await openDatabase({ pgliteDataDir: 'memory://' })
  })
  afterAll(async () => database?.close())
  return () => database!
}

/** A reference harness on the file's shared database, started before its tests and closed after. */
export function useReferenceHarness(env?: Record<string, string>): () => ReferenceHarness {
  const database = useSharedDatabase()
  let harness: ReferenceHarness | undefined
  beforeAll(async () => {
    harness = await startReferenceHarness({ database: database(), ...(env && { env }) })
  })
  afterAll(async () => harness?.close())
  return () => harness!
}
