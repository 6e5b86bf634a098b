import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { getResponse } from 'msw'
import { PROBLEM_CONTENT_TYPE, problem } from '../../contracts/error-registry.ts'
import { createContractValidator, listOperations } from '../../contracts/contract-schemas.ts'
import { loadContract } from '../../contracts/load-contract.ts'
import type { ServerConfig } from '../../reference-server/config/load-config.ts'
import { createIssuer } from '../issuer/create-issuer.ts'
import type { Issuer } from '../issuer/issuer-types.ts'
import { createMockHandlers, type MockHandlers, type MockHandlersOptions } from './create-mock-handlers.ts'
import { createMockCors } from './mock-cors.ts'
import { sendFetchResponse, sendJson, toFetchRequest } from './node-http-bridge.ts'
import type { TaskStore } from './task-store.ts'
import type { Scenarios } from './scenarios.ts'

/** Users `seed` fills with fake tasks unless `seedUsers` names others. */
export const DEFAULT_SEED_USERS = ['user_alice', 'user_bob'] as const

/**
 * Options of {@link startMockServer}: the reference server's configuration names (what `tck serve`
 * reads from JWKS_URL, JWT_ISSUER, JWT_AUDIENCE, CORS_ORIGINS, PORT, HOST, …) plus the mock's own.
 */
export interface MockServerOptions
  extends Omit<MockHandlersOptions, 'validator' | 'issuer' | 'baseUrl' | 'issuerBaseUrl' | 'seed'>,
    Partial<Pick<ServerConfig, 'corsOrigins' | 'port' | 'host'>> {
  /** Validator of the contract. Default: `createContractValidator()`. */
  validator?: MockHandlersOptions['validator']
  /** Seeds `seedUsers` with Faker tasks from this seed (3 per user). Default: an empty store. */
  seed?: number
  /** Default {@link DEFAULT_SEED_USERS}. */
  seedUsers?: readonly string[]
}

/** A running mock Task API. */
export interface MockServer {
  /** `http://<host>:<port>`, no trailing slash. */
  url: string
  store: TaskStore
  scenarios: Scenarios
  /** The in-process issuer (served at `<url>/api/auth/*`), when no `jwksUrl` was configured. */
  issuer: Issuer | undefined
  /** Stops listening and drops open connections; safe to call twice. */
  close(): Promise<void>
}

/**
 * NODE ONLY. Serves the MSW handlers over real HTTP (node:http → Fetch `Request` → msw's
 * `getResponse`), so non-JS clients (curl, a mobile app, `tck check`) can use the same mock.
 * Defaults: port 8000, host 127.0.0.1, CORS origin http://localhost:3000. Without `jwksUrl`, an
 * in-process simulated issuer is started whose `iss`/`aud` is this server's URL and whose JWKS and
 * token routes this server serves. Unmatched routes answer 404 `ROUTE_NOT_FOUND` problem JSON;
 * `GET /openapi.json` serves the contract, as the reference server does.
 */
export async function startMockServer(options: MockServerOptions = {}): Promise<MockServer> {
  const { port = 8000, host = '127.0.0.1', corsOrigins = ['http://localhost:3000'] } = options
  const validator = options.validator ?? await createContractValidator()
  const methods = [...new Set(listOperations(validator.doc).map((op) => op.method))]
  const cors = createMockCors(corsOrigins, methods)
  const contractJson = JSON.stringify(loadContract())
  let mock: MockHandlers | undefined
  let url = ''
  // The issuer needs the URL, known only once listening: early requests wait for the handlers.
  let markReady = (): void => {}
  const ready = new Promise<void>((resolve) => { markReady = resolve })

  const handle = async (req: IncomingMessage, res: ServerResponse): Promise<void> => {
    const origin = req.headers.origin
    if (req.method === 'OPTIONS' && req.headers['access-control-request-method']) {
      res.writeHead(204, { ...cors.preflightHeaders(origin), 'content-length': '0' }).end()
      return
    }
    const request = await toFetchRequest(req, url)
    const { pathname } = new URL(request.url)
    if (request.method === 'GET' && pathname === '/openapi.json') {
      res.writeHead(200, { ...cors.responseHeaders(origin), 'content-type': 'application/json; charset=utf-8' }).end(contractJson)
      return
    }
    await ready
    // MSW decodes path parameters while matching and throws on a bad escape (`%ZZ`); the
    // reference server (Fastify) answers such a URL 400, so the mock does too instead of a 500.
    if (!decodes(req.url ?? '/')) return sendJson(res, 400, BAD_URL, { ...cors.responseHeaders(origin), 'content-type': PROBLEM_CONTENT_TYPE })
    const response = mock && await getResponse(mock.handlers, request)
    if (!response) return sendJson(res, 404, problem('ROUTE_NOT_FOUND'), { ...cors.responseHeaders(origin), 'content-type': PROBLEM_CONTENT_TYPE })
    // HttpResponse.error() (the `offline` scenario): a network error, so the connection is dropped.
    if (response.type === 'error') return void req.socket.destroy()
    await sendFetchResponse(res, response, cors.responseHeaders(origin))
  }
  const server = createServer((req, res) => {
    handle(req, res).catch(() => {
      if (!res.headersSent) sendJson(res, 500, problem('INTERNAL_ERROR'), { 'content-type': PROBLEM_CONTENT_TYPE })
      else res.destroy()
    })
  })
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  url = `http://${urlHost(host)}:${(server.address() as AddressInfo).port}`

  try {
    const issuer = options.jwksUrl ? undefined : await createIssuer({ baseUrl: url })
    mock = createMockHandlers({ ...options, validator, seed: undefined, ...(issuer && { issuer }) })
    if (options.seed !== undefined) mock.store.seed(options.seedUsers ?? DEFAULT_SEED_USERS, { seed: options.seed })
    markReady()
  } catch (error) {
    server.close()
    throw error
  }
  let closed: Promise<void> | undefined
  const close = () => (closed ??= new Promise<void>((resolve, reject) => {
    server.close((err) => (err ? reject(err) : resolve()))
    // Keep-alive sockets (fetch reuses them) would otherwise hold close() open.
    server.closeAllConnections()
  }))
  return { url, store: mock.store, scenarios: mock.scenarios, issuer: mock.issuer, close }
}

/** The answer to a URL whose path does not percent-decode; 400 as Fastify's, in the registry's problem shape. */
const BAD_URL = { type: 'about:blank', title: 'Bad Request', status: 400, detail: 'The URL path is not valid (an escape does not decode)' }

function decodes(url: string): boolean {
  try {
    decodeURIComponent(url.split('?', 1)[0]!)
    return true
  } catch {
    return false
  }
}

// A wildcard bind address is not something a client can put in a URL; loopback reaches it.
function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1'
  if (host === '::') return '[::1]'
  return host.includes(':') ? `[${host}]` : host
}
