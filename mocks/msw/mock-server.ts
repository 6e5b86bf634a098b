import type { IncomingMessage, Server, ServerResponse } from 'node:http'
import { getResponse } from 'msw'
import { PROBLEM_CONTENT_TYPE, problem } from '../../contracts/error-registry.ts'
import { createContractValidator, listOperations } from '../../contracts/contract-schemas.ts'
import { loadContract } from '../../contracts/load-contract.ts'
import { createIssuer } from '../issuer/create-issuer.ts'
import type { Issuer } from '../issuer/issuer-types.ts'
import { createMockHandlers, type MockHandlers, type MockHandlersOptions } from './create-mock-handlers.ts'
import { createMockCors } from './mock-cors.ts'
import { sendFetchResponse, sendJson, toFetchRequest } from './node-http-bridge.ts'
import type { TaskStore } from './task-store.ts'
import { closeNow, createDevServer, listenOn } from '../../shared/http/dev-server.ts'
import type { ServerTimeouts } from '../../shared/http/server-timeouts.ts'
import { httpUrl } from '../../shared/net/url-host.ts'
import { DEFAULT_VERIFY_CACHE_MAX_ENTRIES, withVerifiedTokenCache } from '../../shared/auth-node/verified-token-cache.ts'
import type { Scenarios } from './scenarios.ts'

/** Users `seed` fills with fake tasks unless `seedUsers` names others. */
export const DEFAULT_SEED_USERS = ['user_alice', 'user_bob'] as const

/**
 * Options of {@link startMockServer}: the reference server's configuration names (what `tck serve`
 * reads from JWKS_URL, JWT_ISSUER, JWT_AUDIENCE, CORS_ORIGINS, PORT, HOST, …) plus the mock's own.
 */
export interface MockServerOptions
  extends Omit<MockHandlersOptions, 'validator' | 'issuer' | 'baseUrl' | 'issuerBaseUrl' | 'seed'>,
    Partial<{ corsOrigins: readonly string[]; port: number; host: string; timeouts: ServerTimeouts; allowedHosts: readonly string[] }> {
  /** Validator of the contract. Default: `createContractValidator()`. */
  validator?: MockHandlersOptions['validator']
  /** Seeds `seedUsers` with Faker tasks from this seed (3 per user). Default: an empty store. */
  seed?: number
  /** Default {@link DEFAULT_SEED_USERS}. */
  seedUsers?: readonly string[]
  /**
   * The verified-token cache, as the reference server's (`VERIFY_CACHE`, `VERIFY_CACHE_MAX_ENTRIES`):
   * a token verified once is answered without its signature check until its `exp`, while its key is
   * current. Default on, 10,000 tokens.
   */
  verifyCache?: { readonly enabled: boolean; readonly maxEntries: number }
}

/** A running mock Task API. */
export interface MockServer {
  /** `http://<host>:<port>`, no trailing slash. */
  url: string
  store: TaskStore
  scenarios: Scenarios
  /** The in-process issuer (served at `<url>/api/auth/*`), when no `jwksUrl` was configured. */
  issuer: Issuer | undefined
  /** The node:http server underneath (tests count what it reads; embedders may watch connections). */
  httpServer: Server
  /** Stops listening and drops open connections; safe to call twice. */
  close(): Promise<void>
}

/**
 * NODE ONLY. Serves the MSW handlers over real HTTP (node:http → Fetch `Request` → msw's
 * `getResponse`), so non-JS clients (curl, a mobile app, `tck check`) can use the same mock.
 * Defaults: port 8000, host 127.0.0.1, CORS origin http://localhost:3000. Without `jwksUrl`, an
 * in-process simulated issuer is started whose `iss`/`aud` is this server's URL and whose JWKS and
 * token routes this server serves. Unmatched routes answer 404 `ROUTE_NOT_FOUND` problem JSON;
 * `GET /openapi.json` serves the contract, as the reference server does. As `tck serve`: the
 * request, header and keep-alive timeouts of `timeouts` (default DEFAULT_SERVER_TIMEOUTS), and on
 * a loopback bind a foreign `Host` gets 421 HOST_NOT_ALLOWED (`allowedHosts` adds names).
 */
export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const { port = 8000, host = '127.0.0.1', corsOrigins = ['http://localhost:3000'] } = options
  const validator = options.validator ?? (await createContractValidator())
  const methods = [...new Set(listOperations(validator.doc).map((op) => op.method))]
  const cors = createMockCors(corsOrigins, methods)
  const contractJson = JSON.stringify(loadContract())
  let mock: MockHandlers | undefined
  let url = ''
  // The issuer needs the URL, known only once listening: early requests wait for the handlers.
  let markReady = (): void => {}
  const ready = new Promise<void>((resolve) => {
    markReady = resolve
  })

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const origin = req.headers.origin
    if (req.method === 'OPTIONS' && req.headers['access-control-request-method']) {
      const preflight = cors.preflightHeaders(origin)
      // A refused origin's preflight is no preflight to the reference server (@fastify/cors passes it
      // on, and no OPTIONS route exists): 404 ROUTE_NOT_FOUND there, so here too. Either way, no Access-Control-*.
      if (!('access-control-allow-origin' in preflight))
        return sendJson(res, 404, problem('ROUTE_NOT_FOUND'), { ...preflight, 'content-type': PROBLEM_CONTENT_TYPE })
      res.writeHead(204, { ...preflight, 'content-length': '0' }).end()
      return
    }
    const request = await toFetchRequest(req, url)
    const { pathname } = new URL(request.url)
    // HEAD too, as Fastify serves it for every GET route (node:http sends no body to a HEAD).
    if ((request.method === 'GET' || request.method === 'HEAD') && pathname === '/openapi.json') {
      res.writeHead(200, { ...cors.responseHeaders(origin), 'content-type': 'application/json; charset=utf-8' }).end(contractJson)
      return
    }
    await ready
    // A path that does not percent-decode (`%zz`, `%C0%AF`, an encoded lone surrogate) is no route:
    // 404 ROUTE_NOT_FOUND as the reference server answers, before any handler could throw on it.
    if (!decodes(req.url ?? '/'))
      return sendJson(res, 404, problem('ROUTE_NOT_FOUND'), { ...cors.responseHeaders(origin), 'content-type': PROBLEM_CONTENT_TYPE })
    const response = mock && (await getResponse(mock.handlers, request))
    if (!response) return sendJson(res, 404, problem('ROUTE_NOT_FOUND'), { ...cors.responseHeaders(origin), 'content-type': PROBLEM_CONTENT_TYPE })
    // HttpResponse.error() (the `offline` scenario): a network error, so the connection is dropped.
    if (response.type === 'error') return void req.socket.destroy()
    await sendFetchResponse(res, response, cors.responseHeaders(origin))
  }
  // Bounded client times (F6) and the dev servers' Host rule (F12: 421 before anything is read).
  const server = createDevServer({ bindHost: host, allowedHosts: options.allowedHosts ?? [], timeouts: options.timeouts }, (req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) sendJson(res, 500, problem('INTERNAL_ERROR'), { 'content-type': PROBLEM_CONTENT_TYPE })
      else res.destroy()
    })
  })
  url = httpUrl(host, await listenOn(server, port, host))

  try {
    const issuer = options.jwksUrl ? undefined : await createIssuer({ baseUrl: url })
    const cache = options.verifyCache ?? { enabled: true, maxEntries: DEFAULT_VERIFY_CACHE_MAX_ENTRIES }
    const wrapVerifier: MockHandlersOptions['wrapVerifier'] = (verify, keySet, policy) =>
      withVerifiedTokenCache(verify, keySet, { maxEntries: cache.maxEntries, clockToleranceSeconds: policy.jwtClockToleranceSeconds })
    mock = createMockHandlers({ ...options, validator, seed: undefined, ...(issuer && { issuer }), ...(cache.enabled && { wrapVerifier }) })
    if (options.seed !== undefined) mock.store.seed(options.seedUsers ?? DEFAULT_SEED_USERS, { seed: options.seed })
    markReady()
  } catch (error) {
    server.close()
    throw error
  }
  const close = closeNow(server)
  return { url, store: mock.store, scenarios: mock.scenarios, issuer: mock.issuer, httpServer: server, close }
}

function decodes(url: string): boolean {
  try {
    decodeURIComponent(url.split('?', 1)[0]!)
    return true
  } catch {
    return false
  }
}
