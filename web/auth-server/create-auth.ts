import { betterAuth } from 'better-auth'
import { jwt } from 'better-auth/plugins/jwt'
import type pg from 'pg'

/** A rate-limit rule: at most `max` requests per client IP within `window` seconds. */
export interface RateLimitRule {
  /** Window length in seconds. */
  window: number
  /** Requests allowed per window and client IP; the next one is answered 429. */
  max: number
}

/**
 * Default limit for `/sign-in/email` and `/sign-up/email` (each counted on its own), per client IP.
 * Looser than Better Auth's built-in 3 per 10 s so a checklist run that signs up a few users
 * back to back from one machine is not throttled, yet still far too slow for password guessing.
 */
export const DEFAULT_CREDENTIAL_RATE_LIMIT: RateLimitRule = { window: 60, max: 10 }

/** Default JWT lifetime in seconds (Better Auth's own default, 15 minutes): `exp - iat` of every token from `/api/auth/token`. */
export const JWT_EXPIRATION_SECONDS = 900

export interface CreateAuthOptions {
  /** Public origin (plus optional path) of the auth server, e.g. `http://127.0.0.1:3000`. Also the JWT `iss` and `aud`. */
  baseURL: string
  /**
   * Signs session cookies and encrypts the JWKS private keys stored in the database, at least 32
   * characters. Changing it makes an existing `jwks` table unusable (tokens can no longer be signed).
   */
  secret: string
  /** Database for users, sessions, keys and rate-limit counters (PostgreSQL or PGlite behind `pg`). */
  pool: pg.Pool
  /** Origins allowed to call the POST endpoints with cookies, besides `baseURL`'s own. Default none. */
  trustedOrigins?: string[]
  /** Limit applied to each of sign-in and sign-up. Default {@link DEFAULT_CREDENTIAL_RATE_LIMIT}. */
  credentialRateLimit?: RateLimitRule
  /**
   * Request headers that carry the client IP for rate limiting, first match wins. Only list headers
   * that your own server or proxy overwrites: any client can send them. Default `['x-forwarded-for']`
   * (Better Auth's default, right only behind a proxy that sets it).
   */
  ipAddressHeaders?: string[]
  /** JWT lifetime in seconds. Default {@link JWT_EXPIRATION_SECONDS} (900); tests shorten it to watch tokens expire. */
  jwtExpirationSeconds?: number
}

/**
 * Creates the Better Auth instance: email + password accounts, and the JWT plugin issuing EdDSA
 * (Ed25519) tokens at `GET /api/auth/token` (for a session cookie) with the public keys at
 * `GET /api/auth/jwks`. Tokens carry `sub` (user id) and `email`, `iss` = `aud` = `baseURL`, and
 * expire after `jwtExpirationSeconds` (default 900).
 *
 * Failed sign-ins answer 401 `INVALID_EMAIL_OR_PASSWORD` whether or not the account exists.
 * The tables must exist first: see `migrateAuth`.
 */
export function createAuth(options: CreateAuthOptions) {
  // The secret protects the private signing keys at rest; a short one would be guessable offline.
  if (options.secret.length < 32) throw new Error('The auth secret must be at least 32 characters long')
  const credentialRule = options.credentialRateLimit ?? DEFAULT_CREDENTIAL_RATE_LIMIT
  const ttl = options.jwtExpirationSeconds ?? JWT_EXPIRATION_SECONDS
  if (!Number.isInteger(ttl) || ttl < 1) throw new Error('jwtExpirationSeconds must be a whole number of seconds, at least 1')
  return betterAuth({
    baseURL: options.baseURL,
    secret: options.secret,
    database: options.pool,
    trustedOrigins: options.trustedOrigins ?? [],
    emailAndPassword: { enabled: true },
    rateLimit: {
      // Better Auth only limits when NODE_ENV=production by default; credential endpoints are
      // brute-force targets in every environment, so it is always on here.
      enabled: true,
      // In the database, not Better Auth's module-wide memory map: counters survive restarts, are
      // shared by every instance on one PostgreSQL, and two servers in one process stay apart.
      storage: 'database',
      window: 60,
      max: 100,
      customRules: {
        '/sign-in/email': credentialRule,
        '/sign-up/email': credentialRule,
      },
    },
    advanced: {
      ipAddress: { ipAddressHeaders: options.ipAddressHeaders ?? ['x-forwarded-for'] },
      // Better Auth turns the Origin (CSRF) check off when NODE_ENV=test; keep it on so tests see
      // exactly what production clients see (e.g. a server-side fetch without Origin is refused).
      disableOriginCheck: false,
    },
    telemetry: { enabled: false },
    plugins: [
      jwt({
        jwks: { keyPairConfig: { alg: 'EdDSA', crv: 'Ed25519' } },
        jwt: {
          issuer: options.baseURL,
          audience: options.baseURL,
          expirationTime: `${ttl}s`,
          // Only what a Task API needs; the default payload would copy the whole user row.
          definePayload: ({ user }) => ({ sub: user.id, email: user.email }),
        },
      }),
    ],
  })
}

/** The Better Auth instance returned by {@link createAuth}. */
export type AuthInstance = ReturnType<typeof createAuth>
