import { betterAuth } from 'better-auth'
import { getMigrations } from 'better-auth/db/migration'
import { jwt } from 'better-auth/plugins/jwt'
import pg from 'pg'

/**
 * Better Auth of the app (real mode): email + password, and the JWT plugin issuing EdDSA (Ed25519)
 * tokens at `GET /api/auth/token` with the public keys at `GET /api/auth/jwks`, which the Task API
 * trusts (`JWKS_URL=<app>/api/auth/jwks`, `JWT_ISSUER` = `JWT_AUDIENCE` = `BETTER_AUTH_URL`).
 *
 * Database: PostgreSQL at `DATABASE_URL`, else an embedded PGlite behind `pg` (`AUTH_PGLITE_DIR`,
 * default `.data/auth`; `memory://` keeps nothing). Opened, and its tables created, on the first
 * request, never at build time.
 */
function env(name: string): string | undefined {
  return process.env[name]?.trim() || undefined
}

async function openPool(): Promise<pg.Pool> {
  const url = env('DATABASE_URL')
  if (url) return new pg.Pool({ connectionString: url, max: 10 })
  const { PGlite } = await import('@electric-sql/pglite')
  const { createPgConfig } = await import('@electric-sql/pglite/node-postgres')
  const pglite = await PGlite.create(env('AUTH_PGLITE_DIR') ?? '.data/auth')
  return new pg.Pool(createPgConfig(pglite) as pg.PoolConfig)
}

async function createAuth() {
  const baseURL = env('BETTER_AUTH_URL') ?? 'http://localhost:3000'
  const secret = env('BETTER_AUTH_SECRET')
  if (!secret || secret.length < 32) throw new Error('Set BETTER_AUTH_SECRET (at least 32 characters), e.g. `openssl rand -base64 32`')
  const auth = betterAuth({
    baseURL,
    secret,
    database: await openPool(),
    emailAndPassword: { enabled: true },
    rateLimit: {
      enabled: true,
      storage: 'database',
      customRules: { '/sign-in/email': { window: 60, max: 10 }, '/sign-up/email': { window: 60, max: 10 } },
    },
    telemetry: { enabled: false },
    plugins: [
      jwt({
        jwks: { keyPairConfig: { alg: 'EdDSA', crv: 'Ed25519' } },
        jwt: {
          issuer: baseURL,
          audience: baseURL,
          // Better Auth's default; a staging deployment may shorten it (`JWT_EXPIRATION_TIME=20s`) so the
          // browser checklist can wait expiry out (`tck ui --token-ttl 20`).
          expirationTime: env('JWT_EXPIRATION_TIME') ?? '15m',
          // Only what the Task API needs; the default payload would copy the whole user row.
          definePayload: ({ user }) => ({ sub: user.id, email: user.email }),
        },
      }),
    ],
  })
  const { runMigrations } = await getMigrations(auth.options)
  await runMigrations()
  return auth
}

type Auth = Awaited<ReturnType<typeof createAuth>>
let auth: Promise<Auth> | undefined

/** The one Better Auth instance of this server process (created on first use). */
export function getAuth(): Promise<Auth> {
  auth ??= createAuth().catch((error: unknown) => {
    auth = undefined
    throw error
  })
  return auth
}
