import type { Server } from 'node:http'
import { openDatabase } from '../../shared/db/open-database.ts'
import type { Database } from '../../shared/db/open-database.ts'
import { createStaticHandler, type StaticHandlerOptions } from '../../shared/http/static-server.ts'
import { assertSigningKeyUsable } from './assert-signing-key-usable.ts'
import { CLIENT_IP_HEADER, createAuthHttpHandler } from './auth-http-handler.ts'
import { createAuth } from './create-auth.ts'
import type { AuthInstance, RateLimitRule } from './create-auth.ts'
import { migrateAuth } from './migrate-auth.ts'
import { withAdvisoryLock } from './with-advisory-lock.ts'
import { createDevServer, listenOn } from '../../shared/http/dev-server.ts'
import type { ServerTimeouts } from '../../shared/http/server-timeouts.ts'
import { httpUrl } from '../../shared/net/url-host.ts'

export interface AuthServerOptions {
  /** TCP port; 0 picks a free one. Default 3000. */
  port?: number
  /** Interface to bind. Default `127.0.0.1`. */
  host?: string
  /** Public URL (JWT `iss`/`aud`, cookie origin). Default `http://<publicHost>:<bound port>`. */
  baseURL?: string
  /** Host name of the default `baseURL` (e.g. `localhost` while binding `127.0.0.1`). Default: `host`. */
  publicHost?: string
  /** Better Auth secret, at least 32 characters; keep it stable for a persisted database (it encrypts the JWKS keys). */
  secret: string
  /** PostgreSQL connection string; absent → embedded PGlite. */
  databaseUrl?: string
  /** PGlite data folder (created if missing), or `memory://` for a throw-away database. Default `memory://`. */
  pgliteDataDir?: string
  /** Extra origins (e.g. the web app's) allowed to call sign-in/sign-up with cookies. Default none. */
  trustedOrigins?: string[]
  /**
   * Also trust `http://localhost:<port>` and `http://127.0.0.1:<port>`, so a person may type either
   * loopback name for a local server. Default false.
   */
  trustLoopbackAliases?: boolean
  /** Limit for each of sign-in and sign-up per client IP. Default `DEFAULT_CREDENTIAL_RATE_LIMIT` (10 per 60 s). */
  credentialRateLimit?: RateLimitRule
  /** JWT lifetime in seconds. Default 900 (15 minutes). */
  jwtExpirationSeconds?: number
  /**
   * Serves a web app on every path outside `/api/auth`: the files of `root` (single-page app: unknown
   * extension-less paths get `index.html`) and generated `files` (e.g. `/app-config.js`), each with
   * `headers` (the web app's CSP and co.). Default: 404.
   */
  app?: { root: string; files?: StaticHandlerOptions['files']; headers?: StaticHandlerOptions['headers'] }
  /** Request, header and keep-alive timeouts (security review F6). Default `DEFAULT_SERVER_TIMEOUTS` (30 s, 10 s, 5 s). */
  timeouts?: ServerTimeouts
  /**
   * `ALLOWED_HOSTS`: host names served besides the loopback names, `host`, `publicHost` and
   * `baseURL`'s; on a loopback bind any other `Host` gets 421 HOST_NOT_ALLOWED (F12). Default none.
   */
  allowedHosts?: readonly string[]
}

export interface AuthServer {
  /** Where the server listens, `http://<host>:<port>` (no trailing slash). */
  url: string
  /** The JWT issuer and audience: `options.baseURL`, else {@link url}. */
  baseURL: string
  auth: AuthInstance
  /** Stops accepting requests, then closes the database (pool and PGlite). Safe to call twice. */
  close(): Promise<void>
}

// In-flight requests get this long to finish on close before their connections are cut.
const CLOSE_GRACE_MS = 2_000

/**
 * Starts a real Better Auth server (email + password, EdDSA JWTs, JWKS at `/api/auth/jwks`) on
 * node:http. It binds first, so port 0 works and the default `baseURL` is the actual address,
 * then opens the database (PGlite takes ~4 s), runs Better Auth's migrations, checks that the
 * stored signing key works with `secret` (else it rejects and closes everything) and starts
 * serving `/api/auth/*`; other paths serve `options.app`, or answer 404 `{detail}`.
 *
 * The rate limiter keys on the TCP peer address: this server is meant to face its clients
 * directly (behind a proxy every client would share the proxy's bucket).
 */
export async function startAuthServer(options: AuthServerOptions): Promise<AuthServer> {
  const host = options.host ?? '127.0.0.1'
  const handler = createAuthHttpHandler(
    options.app
      ? createStaticHandler(options.app.root, {
          spaFallback: true,
          ...(options.app.files ? { files: options.app.files } : {}),
          ...(options.app.headers ? { headers: options.app.headers } : {}),
        })
      : undefined,
  )
  const server = createDevServer(
    {
      bindHost: host,
      allowedHosts: options.allowedHosts ?? [],
      ownHosts: [...(options.publicHost ? [options.publicHost] : []), ...(options.baseURL ? [new URL(options.baseURL).hostname] : [])],
      timeouts: options.timeouts,
    },
    handler.handle,
  )
  let database: Database | undefined
  let closing: Promise<void> | undefined
  const close = () => {
    closing ??= (async () => {
      await closeServer(server)
      await database?.close()
    })()
    return closing
  }
  try {
    const port = await listenOn(server, options.port ?? 3000, host)
    const url = httpUrl(host, port)
    const baseURL = (options.baseURL ?? httpUrl(options.publicHost ?? host, port)).replace(/\/+$/, '')
    const trustedOrigins = [
      ...(options.trustedOrigins ?? []),
      ...(options.trustLoopbackAliases ? [`http://localhost:${port}`, `http://127.0.0.1:${port}`] : []),
    ]
    database = await openDatabase({ databaseUrl: options.databaseUrl, pgliteDataDir: options.pgliteDataDir ?? 'memory://' })
    const auth = createAuth({
      baseURL,
      secret: options.secret,
      pool: database.pool,
      trustedOrigins,
      ...(options.credentialRateLimit ? { credentialRateLimit: options.credentialRateLimit } : {}),
      ...(options.jwtExpirationSeconds ? { jwtExpirationSeconds: options.jwtExpirationSeconds } : {}),
      ipAddressHeaders: [CLIENT_IP_HEADER],
    })
    const prepare = async () => {
      await migrateAuth(auth)
      await assertSigningKeyUsable(auth)
    }
    // Under one lock, so servers starting together neither race on CREATE TABLE nor each mint a first key.
    if (database.kind === 'postgres') await withAdvisoryLock(database.pool, 'tasks_tck_better_auth_setup', prepare)
    else await prepare()
    handler.setAuth(auth)
    return { url, baseURL, auth, close }
  } catch (error) {
    await close().catch(() => {})
    throw error
  }
}

function closeServer(server: Server): Promise<void> {
  if (!server.listening) return Promise.resolve()
  return new Promise((resolve) => {
    // fetch keeps idle keep-alive sockets open, which would hold close() forever.
    const force = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS)
    force.unref()
    server.close(() => {
      clearTimeout(force)
      resolve()
    })
    server.closeIdleConnections()
  })
}
