import type { IncomingMessage, ServerResponse } from 'node:http'
import { toNodeHandler } from 'better-auth/node'
import type { AuthInstance } from './create-auth.ts'

/** Where Better Auth's endpoints live (its default `basePath`). */
export const AUTH_BASE_PATH = '/api/auth'

/**
 * Header carrying the client IP to Better Auth's rate limiter. The handler overwrites it with the
 * socket's peer address on every request, so unlike `x-forwarded-for` a client cannot pick its own
 * rate-limit bucket by sending it.
 */
export const CLIENT_IP_HEADER = 'x-tck-client-ip'

/** A node:http request listener serving Better Auth once {@link AuthHttpHandler.setAuth} was called. */
export interface AuthHttpHandler {
  handle(req: IncomingMessage, res: ServerResponse): void
  /** Starts serving `auth`; until then `/api/auth/*` answers 503 (the server listens before it migrates). */
  setAuth(auth: AuthInstance): void
}

/** Serves what is not `/api/auth/*` (e.g. the web app's files); must answer every request. */
export type FallbackHandler = (req: IncomingMessage, res: ServerResponse) => Promise<void>

/**
 * Routes `/api/auth/*` to Better Auth (`toNodeHandler`) and everything else to `fallback`
 * (default: 404 `{detail}`).
 * Auth responses default to `cache-control: no-store` (except the JWKS). An error escaping Better
 * Auth becomes 500 `{detail: "Internal error"}`, never its message.
 */
export function createAuthHttpHandler(fallback?: FallbackHandler): AuthHttpHandler {
  let serveAuth: ((req: IncomingMessage, res: ServerResponse) => Promise<void>) | undefined
  return {
    setAuth(auth) {
      serveAuth = toNodeHandler(auth)
    },
    handle(req, res) {
      const { pathname } = new URL(req.url ?? '/', 'http://auth.invalid')
      if (pathname !== AUTH_BASE_PATH && !pathname.startsWith(`${AUTH_BASE_PATH}/`)) {
        if (!fallback) return sendJson(res, 404, { detail: 'Not found' })
        fallback(req, res).catch(() => {
          if (!res.headersSent) sendJson(res, 500, { detail: 'Internal error' })
          else res.destroy()
        })
        return
      }
      if (!serveAuth) {
        sendJson(res, 503, { detail: 'Auth server is starting' }, { 'retry-after': '1' })
        return
      }
      // Sessions and tokens must not be stored by caches in between (RFC 6749 §5.1); only the public
      // keys may be. Better Auth's own header, if it sets one, replaces this default.
      if (pathname !== `${AUTH_BASE_PATH}/jwks`) res.setHeader('cache-control', 'no-store')
      const peer = req.socket.remoteAddress
      if (peer) req.headers[CLIENT_IP_HEADER] = peer
      else delete req.headers[CLIENT_IP_HEADER]
      serveAuth(req, res).catch(() => {
        if (!res.headersSent) sendJson(res, 500, { detail: 'Internal error' })
        else res.destroy()
      })
    },
  }
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body)
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text), ...headers })
  res.end(text)
}
