import { resolve } from 'node:path'
import type { FastifyInstance } from 'fastify'
import { ConfigError, loadConfig, type ServerConfig } from '../../reference-server/config/load-config.ts'
import { readServerExposure } from '../../shared/http/server-timeouts.ts'
import { startServer } from '../../reference-server/server.ts'
import { appConfigScript } from '../app/app-config.ts'
import { webAppFiles } from '../app/web-app-files.ts'
import { webAppSecurityHeaders } from '../app/security-headers.ts'
import type { RateLimitRule } from '../auth-server/create-auth.ts'
import { startAuthServer, type AuthServer } from '../auth-server/start-auth-server.ts'

type Env = Record<string, string | undefined>

/** Options of {@link startWebStack}. */
export interface WebStackOptions {
  /** Address both servers bind. Default `127.0.0.1`. */
  host?: string
  /** Port of Better Auth + the web app. Default 3000; 0 picks a free one. */
  webPort?: number
  /** Port of the Task API. Default 8000; 0 picks a free one. */
  apiPort?: number
  /**
   * Host name in the public URLs (JWT `iss`/`aud`, JWKS URL, the printed links). Default `localhost`
   * for a loopback or wildcard bind, else `host`. The other loopback spelling is trusted too.
   */
  publicHost?: string
  /** Better Auth secret (≥ 32 characters); keep it stable for a persisted auth database. */
  authSecret: string
  /** Better Auth's PGlite folder when `apiEnv.DATABASE_URL` is unset (`memory://` keeps nothing). */
  authPgliteDataDir: string
  /**
   * The Task API's settings as environment names (`DATABASE_URL`, `PGLITE_DATA_DIR`, `LOG_LEVEL`, …),
   * parsed by `loadConfig`. `JWKS_URL`, `JWT_ISSUER`, `JWT_AUDIENCE`, `PORT` and `HOST` are set here;
   * the web origins are added to `CORS_ORIGINS`. A `DATABASE_URL` is used by Better Auth as well.
   */
  apiEnv: Env
  /** JWT lifetime in seconds. Default 900. */
  tokenTtlSeconds?: number
  /** The web app refreshes its token this many seconds before `exp`. Default 60. */
  refreshMarginSeconds?: number
  /** Sign-in/sign-up limit per client IP. Default Better Auth server's (10 per 60 s each). */
  credentialRateLimit?: RateLimitRule
  /** Where the web app is built (real mode). */
  webOutDir: string
}

/** A running stack: Better Auth serving the web app, and the reference Task API trusting it. */
export interface WebStack {
  /** Public URL of the web app and Better Auth, e.g. `http://localhost:3000`: also the JWT issuer. */
  webUrl: string
  /** Public URL of the Task API, e.g. `http://localhost:8000`. */
  apiUrl: string
  auth: AuthServer
  api: FastifyInstance
  apiConfig: ServerConfig
  /** Closes the API (in-flight requests finish), then the auth server. Safe to call twice. */
  close(): Promise<void>
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '0.0.0.0', '::', '::1'])

/**
 * Starts the real stack of the spec: Better Auth (email + password, EdDSA JWTs) hosting the built
 * React app, and the reference Task API verifying its tokens through the JWKS URL. Auth starts
 * first because the API needs its URL; the app's `/app-config.js` names the API once it listens.
 */
export async function startWebStack(options: WebStackOptions): Promise<WebStack> {
  const host = options.host ?? '127.0.0.1'
  const publicHost = options.publicHost ?? (LOOPBACK.has(host) ? 'localhost' : host)
  // The auth server and web app get the API's timeouts and Host names (F6, F12); checked before anything starts.
  const problems: string[] = []
  const exposure = readServerExposure(options.apiEnv, problems)
  if (problems.length > 0) throw new ConfigError(problems)
  // Built while Better Auth opens its database (esbuild runs in its own process): measured 0.3–0.9 s
  // of a cold `tck start` on 2 cores. Nothing is served before this returns, which awaits the build.
  const root = resolve(options.webOutDir)
  const building = webAppFiles({ outDir: root, mode: 'real' })
  building.catch(() => {}) // rejected builds are reported by the await below
  // Filled in once the API listens; read per request, and nothing is served before this returns.
  const files: Record<string, { body: string; type: string }> = {}
  // Likewise the security headers (F13): the CSP's connect-src names the API's origin.
  const headers: Record<string, string> = {}
  const webPort = options.webPort ?? 3000
  const auth = await startAuthServer({
    ...exposure,
    host,
    port: webPort,
    publicHost,
    // A person may type either loopback name; Better Auth otherwise accepts its own origin only.
    trustLoopbackAliases: LOOPBACK.has(host),
    secret: options.authSecret,
    ...(options.apiEnv.DATABASE_URL ? { databaseUrl: options.apiEnv.DATABASE_URL } : { pgliteDataDir: options.authPgliteDataDir }),
    ...(options.tokenTtlSeconds ? { jwtExpirationSeconds: options.tokenTtlSeconds } : {}),
    ...(options.credentialRateLimit ? { credentialRateLimit: options.credentialRateLimit } : {}),
    app: { root, files, headers },
  })
  try {
    const built = await building
    if (built.dir !== root) throw new Error(`the web app was built into ${built.dir}, not ${root}`)
    const webUrl = auth.baseURL
    const boundPort = new URL(auth.url).port
    const webOrigins = [...new Set([webUrl, auth.url, ...(LOOPBACK.has(host) ? [`http://localhost:${boundPort}`, `http://127.0.0.1:${boundPort}`] : [])])]
    const cors = options.apiEnv.CORS_ORIGINS ? `${options.apiEnv.CORS_ORIGINS},${webOrigins.join(',')}` : webOrigins.join(',')
    const apiConfig = loadConfig({
      ...options.apiEnv,
      JWKS_URL: `${webUrl}/api/auth/jwks`,
      JWT_ISSUER: webUrl,
      JWT_AUDIENCE: webUrl,
      CORS_ORIGINS: cors,
      PORT: String(options.apiPort ?? 8000),
      HOST: host,
    })
    const { app: api, url } = await startServer(apiConfig)
    const apiUrl = `http://${publicHost}:${new URL(url).port}`
    Object.assign(headers, webAppSecurityHeaders({ mode: 'real', connectOrigins: [apiUrl] }))
    files['/app-config.js'] = {
      type: 'text/javascript; charset=utf-8',
      body: appConfigScript({ mode: 'real', apiBaseUrl: apiUrl, refreshMarginSeconds: options.refreshMarginSeconds ?? 60, logRequests: true }),
    }
    let closing: Promise<void> | undefined
    return {
      webUrl,
      apiUrl,
      auth,
      api,
      apiConfig,
      close: () => (closing ??= api.close().then(() => auth.close())),
    }
  } catch (error) {
    await auth.close()
    throw error
  }
}
