import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import { createDevServer } from '../../shared/http/dev-server.ts'
import { refuseCrossSiteAdmin } from './admin-request-guard.ts'
import type { Issuer, IssuerServerOptions } from './issuer-types.ts'
import { isValidSubject, parseMintRequest } from './mint-request.ts'
import { readJsonBody } from './read-json-body.ts'

/** Paths served by {@link createIssuerServer}; the first two match Better Auth's JWT plugin. */
export const ISSUER_PATHS = {
  jwks: '/api/auth/jwks',
  token: '/api/auth/token',
  openidConfiguration: '/.well-known/openid-configuration',
  mint: '/__tck/mint',
  rotate: '/__tck/rotate',
  stats: '/__tck/stats',
  resetStats: '/__tck/reset-stats',
  outage: '/__tck/outage',
} as const

/** A request header marking a JWKS fetch by the tool itself (a liveness probe): served, not counted. */
export const PROBE_HEADER = 'x-tck-probe'

/** Longest outage `/__tck/outage` takes, in ms: it must end by itself even if the caller dies. */
export const MAX_OUTAGE_MS = 10 * 60_000

/** An answer, or `destroy` to drop the connection without one (an unreachable issuer). */
type Reply = { status: number; body?: unknown; headers?: Record<string, string>; destroy?: true }

// Token responses must not be cached by anything in between (RFC 6749 §5.1).
const NO_STORE = { 'cache-control': 'no-store' }

/**
 * A plain node:http server for `issuer`:
 * - `GET /api/auth/jwks` — public JWKS (counted in `jwksFetchCount` unless the request carries
 *   `x-tck-probe`, the tool's own liveness probe), cacheable for 5 min, CORS `*`.
 * - `GET /api/auth/token?sub=&email=` — `{token}`. DEV-ONLY stand-in: real Better Auth issues tokens
 *   only to a signed-in session; here anyone who can reach the port gets one for any `sub`.
 * - `GET /.well-known/openid-configuration` — `{issuer, jwks_uri, ...}` for discovery-based verifiers.
 * - `POST /__tck/mint` `{claims?, header?, omit?, expiresInSeconds?, hostile?, sub?, listenerUrl?}` — `{token}`.
 * - `POST /__tck/rotate` — `{kid, previousKid}`; `GET /__tck/stats`; `POST /__tck/reset-stats` — 204.
 * - `POST /__tck/outage` `{ms, mode?: "reset" | "503"}` — the JWKS fails for `ms` (≤ 10 min), then
 *   comes back by itself; `{ms: 0}` ends it. Only the JWKS goes down: these control routes stay up.
 * Anything else is 404 `{detail}`; bodies over 64 KiB are 413. Errors never echo tokens or input.
 * Exposure (F6, F12): `options.timeouts` bound slow clients; on a loopback bind a foreign `Host`
 * gets 421 HOST_NOT_ALLOWED; the `POST /__tck/*` routes refuse cross-site requests (403 for a
 * foreign `Origin`, 415 for a body that is not JSON; see admin-request-guard.ts).
 */
export function createIssuerServer(issuer: Issuer, options: IssuerServerOptions = {}): Server {
  const exposure = {
    bindHost: options.bindHost ?? '127.0.0.1',
    allowedHosts: options.allowedHosts ?? [],
    ownHosts: options.ownHosts ?? [],
    timeouts: options.timeouts,
  }
  return createDevServer(exposure, (req, res) => {
    const refused = refuseCrossSiteAdmin(req, new URL(req.url ?? '/', 'http://issuer.invalid').pathname)
    // A refused request's body is never read, so its connection is not kept either.
    const reply = refused
      ? Promise.resolve<Reply>({ status: refused.status, body: { detail: refused.detail }, headers: { connection: 'close' } })
      : route(issuer, req)
    reply
      .catch((): Reply => ({ status: 500, body: { detail: 'Internal error' } }))
      .then((answer) => (answer.destroy ? req.socket.destroy() : send(res, answer)))
  })
}

async function route(issuer: Issuer, req: IncomingMessage): Promise<Reply> {
  const url = new URL(req.url ?? '/', 'http://issuer.invalid')
  const endpoint = `${req.method} ${url.pathname}`
  switch (endpoint) {
    case `GET ${ISSUER_PATHS.jwks}`: {
      // The tool's own probes say so: only a backend's fetches may count (JWKS-001/002 judge them).
      if (req.headers[PROBE_HEADER] === undefined) issuer.recordJwksFetch()
      const outage = issuer.jwksOutage
      if (outage === 'reset') return { status: 0, destroy: true }
      if (outage === '503') return { status: 503, body: { detail: 'Service unavailable' }, headers: { 'retry-after': '1' } }
      return {
        status: 200,
        body: issuer.jwks(),
        // Public keys only, so any origin may read them; max-age bounds how long a rotated-out key lingers.
        headers: { 'cache-control': 'public, max-age=300', 'access-control-allow-origin': '*' },
      }
    }
    case `GET ${ISSUER_PATHS.token}`: {
      const sub = url.searchParams.get('sub') ?? 'user_alice'
      const email = url.searchParams.get('email')
      if (!isValidSubject(sub)) return { status: 400, body: { detail: 'sub must be 1-255 characters' } }
      if (email !== null && (email.length < 3 || email.length > 320)) {
        return { status: 400, body: { detail: 'email must be 3-320 characters' } }
      }
      const token = await issuer.mint({ sub, ...(email === null ? {} : { email }) })
      return { status: 200, body: { token }, headers: NO_STORE }
    }
    case `GET ${ISSUER_PATHS.openidConfiguration}`:
      return {
        status: 200,
        body: {
          issuer: issuer.issuer,
          jwks_uri: `${issuer.baseUrl}${ISSUER_PATHS.jwks}`,
          id_token_signing_alg_values_supported: [issuer.alg],
        },
      }
    case `POST ${ISSUER_PATHS.mint}`:
      return mint(issuer, req)
    case `POST ${ISSUER_PATHS.rotate}`:
      return { status: 200, body: await issuer.rotate() }
    case `GET ${ISSUER_PATHS.stats}`:
      return {
        status: 200,
        body: {
          jwksFetches: issuer.jwksFetchCount,
          jwksFetchesTotal: issuer.jwksFetchTotal,
          jwksOutage: issuer.jwksOutage ?? null,
          kids: issuer.jwks().keys.map((k) => k.kid),
          currentKid: issuer.currentKid,
          alg: issuer.alg,
          issuer: issuer.issuer,
        },
      }
    case `POST ${ISSUER_PATHS.resetStats}`:
      issuer.resetJwksFetchCount()
      return { status: 204 }
    case `POST ${ISSUER_PATHS.outage}`:
      return outage(issuer, req)
    default:
      return { status: 404, body: { detail: 'Not found' } }
  }
}

async function mint(issuer: Issuer, req: IncomingMessage): Promise<Reply> {
  const body = await readJsonBody(req)
  if (!body.ok) return { status: body.status, body: { detail: body.detail } }
  const parsed = parseMintRequest(body.value)
  if (!parsed.ok) return { status: 400, body: { detail: parsed.detail } }
  const request = parsed.value
  try {
    const token = request.hostile === undefined ? await issuer.mint(request.claims, request.options) : await issuer.mintHostile(request.hostile, request)
    return { status: 200, body: { token }, headers: NO_STORE }
  } catch {
    // jose refuses some headers (e.g. a mismatched alg or crit); the message could quote input, so drop it.
    return { status: 400, body: { detail: 'Cannot sign a token with the given header or claims' } }
  }
}

async function outage(issuer: Issuer, req: IncomingMessage): Promise<Reply> {
  const body = await readJsonBody(req)
  if (!body.ok) return { status: body.status, body: { detail: body.detail } }
  const { ms, mode = 'reset' } = (body.value ?? {}) as { ms?: unknown; mode?: unknown }
  if (typeof ms !== 'number' || !Number.isFinite(ms) || ms < 0 || ms > MAX_OUTAGE_MS) {
    return { status: 400, body: { detail: `ms must be a number of milliseconds from 0 to ${MAX_OUTAGE_MS}` } }
  }
  if (mode !== 'reset' && mode !== '503') return { status: 400, body: { detail: 'mode must be "reset" or "503"' } }
  issuer.takeJwksDown(ms, mode)
  return { status: 200, body: { jwksOutage: issuer.jwksOutage ?? null, ms } }
}

function send(res: ServerResponse, { status, body, headers = {} }: Reply): void {
  if (body === undefined) {
    res.writeHead(status, headers).end()
    return
  }
  const text = JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers }).end(text)
}
