import { CompactSign, SignJWT, type JWTPayload } from 'jose'
import type { HostileTokenKind } from '../../mocks/issuer/index.ts'
import type { CheckContext } from '../check-context.ts'
import { markSecret } from './exchange.ts'
import { forgeToken } from './forge-tokens.ts'

/**
 * Tokens for checks, whatever the auth mode: the simulated issuer mints (jwks), the suite signs
 * with the shared secret (shared-secret), or real Better Auth tokens are used (better-auth).
 */

const cache = new Map<string, string>()

async function issuer<T>(ctx: CheckContext, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${ctx.auth.issuerUrl}${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  })
  if (!res.ok) throw new Error(`simulated issuer ${path} answered ${res.status}`)
  return (await res.json()) as T
}

/** The claims profile applied to a payload: `iss`/`aud` when the profile has them, extra claims. */
function profiled(ctx: CheckContext, claims: JWTPayload): JWTPayload {
  const { iss, aud, extra } = ctx.auth.claims
  return { ...extra, ...(iss && { iss }), ...(aud && { aud }), ...claims }
}

async function signWithSecret(ctx: CheckContext, payload: JWTPayload, header: Record<string, unknown> = {}): Promise<string> {
  // jose refuses to sign an unknown `crit` unless told it is "understood"; the point here is to send one.
  const crit = Array.isArray(header.crit) ? Object.fromEntries(header.crit.map((name: string) => [name, true])) : undefined
  const token = await new SignJWT(payload)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT', ...header })
    .sign(new TextEncoder().encode(ctx.auth.secret), crit && { crit })
  // Signed with the backend's real secret: a credential wherever that secret is trusted, even when refused here.
  markSecret(token)
  return token
}

/** A token with chosen claims (default: a valid token for `sub`), signed by the trusted key. */
export async function mintToken(ctx: CheckContext, sub: string, claims: JWTPayload = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000)
  const payload = profiled(ctx, { sub, iat: now, exp: now + 900, ...claims })
  if (ctx.auth.mode === 'jwks') {
    const omit = [...(ctx.auth.claims.iss ? [] : ['iss']), ...(ctx.auth.claims.aud ? [] : ['aud'])]
    const { token } = await issuer<{ token: string }>(ctx, '/__tck/mint', { claims: payload, omit })
    markSecret(token)
    return token
  }
  if (ctx.auth.mode === 'shared-secret') return signWithSecret(ctx, payload)
  throw new Error('better-auth mode cannot mint tokens with chosen claims')
}

/**
 * A valid token for test user `who`, cached for the run (tokens live 15 minutes). The key names
 * the issuer and the user: one process may check two targets (--compare), each with its own.
 */
export async function validToken(ctx: CheckContext, who: 'a' | 'b'): Promise<string> {
  const user = ctx.users[who]
  const key = `${ctx.auth.mode} ${ctx.auth.issuerUrl ?? ''} ${user.id}`
  let token = user.token ?? cache.get(key)
  if (!token) {
    token = await mintToken(ctx, user.id)
    cache.set(key, token)
  }
  markSecret(token)
  return token
}

/** `{ authorization: 'Bearer …' }` for test user `who`. */
export async function authFor(ctx: CheckContext, who: 'a' | 'b'): Promise<Record<string, string>> {
  return { authorization: `Bearer ${await validToken(ctx, who)}` }
}

/**
 * A hostile token of `kind` aimed at user `who`, or `undefined` when this auth mode cannot make it
 * (the check is then skipped with that reason).
 */
export async function hostileToken(ctx: CheckContext, kind: HostileTokenKind, who: 'a' | 'b', listenerUrl = 'http://127.0.0.1:9'): Promise<string | undefined> {
  const sub = ctx.users[who].id
  if (ctx.auth.mode === 'jwks') return (await issuer<{ token: string }>(ctx, '/__tck/mint', { hostile: kind, sub, listenerUrl })).token
  const jwks = ctx.auth.mode === 'better-auth' ? ((await (await fetch(`${ctx.auth.betterAuthUrl}/api/auth/jwks`)).json()) as { keys: never[] }) : undefined
  return forgeToken(kind, {
    validToken: await validToken(ctx, who),
    listenerUrl,
    ...(jwks && { jwks }),
    ...(ctx.auth.mode === 'shared-secret' && {
      sign: (payload: JWTPayload, header?: Record<string, unknown>) => signWithSecret(ctx, payload, header),
      signText: (payload: string) =>
        new CompactSign(new TextEncoder().encode(payload)).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(new TextEncoder().encode(ctx.auth.secret)),
    }),
  })
}

/** jwks mode: the issuer's JWKS fetch counter. */
export async function jwksFetches(ctx: CheckContext): Promise<number> {
  return (await issuer<{ jwksFetches: number }>(ctx, '/__tck/stats')).jwksFetches
}

/**
 * jwks mode: every JWKS fetch the issuer has served since it started (never reset), or
 * `undefined` from an issuer too old to report it.
 */
export async function jwksFetchesTotal(ctx: CheckContext): Promise<number | undefined> {
  return (await issuer<{ jwksFetchesTotal?: number }>(ctx, '/__tck/stats')).jwksFetchesTotal
}

/**
 * jwks mode: takes the issuer's JWKS down for `ms` (`reset`: connections dropped, as an
 * unreachable host; `503`: the issuer answers 503); 0 brings it back at once.
 */
export async function issuerOutage(ctx: CheckContext, ms: number, mode: 'reset' | '503' = 'reset'): Promise<void> {
  await issuer(ctx, '/__tck/outage', { ms, mode })
}

/** jwks mode: rotates the issuer key. */
export async function rotateKey(ctx: CheckContext): Promise<{ kid: string; previousKid: string }> {
  return issuer(ctx, '/__tck/rotate', {})
}
