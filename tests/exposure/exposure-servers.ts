import { randomBytes } from 'node:crypto'
import { createIssuer } from '../../mocks/issuer/index.ts'
import { startMockServer } from '../../mocks/msw/mock-server.ts'
import { loadConfig } from '../../reference-server/config/load-config.ts'
import { startServer } from '../../reference-server/server.ts'
import { readAllowedHosts, readServerTimeouts } from '../../shared/http/server-timeouts.ts'
import { startAuthServer } from '../../web/auth-server/start-auth-server.ts'

/** Timeouts short enough for tests, and distinct, so each one's effect can be told apart (ms). */
export const FAST_TIMEOUTS = { REQUEST_TIMEOUT_MS: '1200', HEADERS_TIMEOUT_MS: '400', KEEP_ALIVE_TIMEOUT_MS: '400' } as const

/** A server under test: its URL, a token it accepts for `sub` (task servers only), and how to stop it. */
export interface ExposedServer {
  url: string
  /** A path this server answers 200 to without credentials. */
  okPath: string
  token?(sub: string): Promise<string>
  close(): Promise<void>
}

type Env = Record<string, string>

/** Parses `env` as every command does; throws on a bad value, as a command would exit 2. */
function exposureOf(env: Env) {
  const problems: string[] = []
  const exposure = { timeouts: readServerTimeouts(env, problems), allowedHosts: readAllowedHosts(env, problems) }
  if (problems.length > 0) throw new Error(problems.join('; '))
  return exposure
}

/** `tck serve` in-process (PGlite in memory), trusting a fresh simulated issuer. */
export async function startServe(env: Env = {}): Promise<ExposedServer> {
  const issuer = await createIssuer()
  const listener = await issuer.listen({ port: 0 })
  const config = loadConfig({
    JWKS_URL: `${listener.url}/api/auth/jwks`,
    JWT_ISSUER: issuer.issuer,
    JWT_AUDIENCE: issuer.audience,
    PORT: '0',
    LOG_LEVEL: 'silent',
    PGLITE_DATA_DIR: 'memory://',
    ...env,
  })
  const { app, url } = await startServer(config)
  return {
    url,
    okPath: '/health',
    token: (sub) => issuer.mint({ sub }),
    close: async () => {
      await app.close()
      await listener.close()
    },
  }
}

/** `tck mock` in-process, with its own in-process issuer. */
export async function startMock(env: Env = {}): Promise<ExposedServer> {
  const mock = await startMockServer({ port: 0, ...exposureOf(env), warn: () => {} })
  return { url: mock.url, okPath: '/health', token: (sub) => mock.issuer!.mint({ sub }), close: () => mock.close() }
}

/** `tck issuer` in-process (keys in memory). */
export async function startIssuer(env: Env = {}): Promise<ExposedServer> {
  const issuer = await createIssuer()
  const listener = await issuer.listen({ port: 0, ...exposureOf(env) })
  return { url: listener.url, okPath: '/api/auth/jwks', close: () => listener.close() }
}

/** Better Auth as `tck start` runs it (PGlite in memory: takes a few seconds). */
export async function startAuth(env: Env = {}): Promise<ExposedServer> {
  const auth = await startAuthServer({ port: 0, secret: randomBytes(32).toString('hex'), pgliteDataDir: 'memory://', ...exposureOf(env) })
  return { url: auth.url, okPath: '/api/auth/jwks', close: () => auth.close() }
}
