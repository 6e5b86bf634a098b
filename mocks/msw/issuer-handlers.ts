import { delay, http, HttpResponse, type HttpHandler } from 'msw'
import type { Issuer } from '../issuer/issuer-types.ts'
import { isValidSubject } from '../issuer/mint-request.ts'
import type { Scenarios } from './scenarios.ts'

/** Better Auth JWT-plugin paths, as mocks/issuer/issuer-server.ts serves them. */
export const ISSUER_HANDLER_PATHS = { jwks: '/api/auth/jwks', token: '/api/auth/token' } as const

/** Options of {@link createIssuerHandlers}. */
export interface IssuerHandlersOptions {
  /** Origin (and prefix) served; `'*'` (default) matches any origin. */
  baseUrl?: string
  /** When given, `offline` and `latencyMs` apply here too (an offline app cannot sign in either). */
  scenarios?: Scenarios
  /** User of `/api/auth/token` without `?sub=` or `x-tck-user`. Default `'user_alice'`. */
  defaultSubject?: string
}

// Token responses must not be cached by anything in between (RFC 6749 section 5.1).
const NO_STORE = { 'cache-control': 'no-store' }

/**
 * Serves the simulated issuer through MSW, so a browser app needs no issuer process:
 * - `GET /api/auth/jwks` — the public keys (counted with `issuer.recordJwksFetch()`); during an
 *   `issuer.takeJwksDown()` outage a network error (`reset`) or a 503;
 * - `GET /api/auth/token?sub=ID&email=E` (or header `x-tck-user: ID`) — `{ token }`. DEV ONLY, like
 *   the issuer server's route: anyone who reaches it gets a token for any user.
 */
export function createIssuerHandlers(issuer: Issuer, options: IssuerHandlersOptions = {}): HttpHandler[] {
  const base = (options.baseUrl ?? '*').replace(/\/+$/, '')
  const network = async (): Promise<Response | undefined> => {
    const settings = options.scenarios?.get()
    if (settings?.offline) return HttpResponse.error()
    if (settings && settings.latencyMs > 0) await delay(settings.latencyMs)
    return undefined
  }
  return [
    http.get(`${base}${ISSUER_HANDLER_PATHS.jwks}`, async () => {
      const down = await network()
      if (down) return down
      issuer.recordJwksFetch()
      // The issuer's own outage switch (POST /__tck/outage on its server), as its server answers it.
      const outage = issuer.jwksOutage
      if (outage === 'reset') return HttpResponse.error()
      if (outage === '503') return HttpResponse.json({ detail: 'Service unavailable' }, { status: 503, headers: { 'retry-after': '1' } })
      // Public keys only, so any origin may read them; max-age bounds how long a rotated-out key lingers.
      return HttpResponse.json(issuer.jwks(), {
        headers: { 'cache-control': 'public, max-age=300', 'access-control-allow-origin': '*' },
      })
    }),
    http.get(`${base}${ISSUER_HANDLER_PATHS.token}`, async ({ request }) => {
      const down = await network()
      if (down) return down
      const query = new URL(request.url).searchParams
      const sub = query.get('sub') ?? request.headers.get('x-tck-user') ?? options.defaultSubject ?? 'user_alice'
      const email = query.get('email')
      if (!isValidSubject(sub)) return HttpResponse.json({ detail: 'sub must be 1-255 characters' }, { status: 400 })
      if (email !== null && (email.length < 3 || email.length > 320)) {
        return HttpResponse.json({ detail: 'email must be 3-320 characters' }, { status: 400 })
      }
      const token = await issuer.mint({ sub, ...(email === null ? {} : { email }) })
      return HttpResponse.json({ token }, { headers: NO_STORE })
    }),
  ]
}
