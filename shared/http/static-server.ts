import type { IncomingMessage, ServerResponse } from 'node:http'
import { readFile } from 'node:fs/promises'
import { extname, join, resolve, sep } from 'node:path'
import { httpUrl } from '../net/url-host.ts'
import { closeNow, createDevServer, listenOn } from './dev-server.ts'
import type { ServerTimeouts } from './server-timeouts.ts'

/** Media types of the files a built web app consists of (a Service Worker script must be JavaScript). */
const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
}

/** Options of {@link createStaticHandler}. */
export interface StaticHandlerOptions {
  /**
   * Single-page app: a GET for a path with no file and no extension (`/tasks/42`) is answered with
   * `index.html`, so client-side routes survive a reload. Default false (404).
   */
  spaFallback?: boolean
  /** Generated files served before the folder's, by path (`/app-config.js` → its body and media type). */
  files?: Readonly<Record<string, { body: string; type: string }>>
  /**
   * Headers added to every response (e.g. the web app's CSP, web/app/security-headers.ts), read per
   * request so a caller may fill them in once it knows its URLs. Default none.
   */
  headers?: Readonly<Record<string, string>>
}

/** Options of {@link serveStatic}. */
export interface StaticServerOptions extends StaticHandlerOptions {
  /** TCP port; 0 (default) picks a free one. */
  port?: number
  /** Bind address. Default `127.0.0.1`. */
  host?: string
  /** Request, header and keep-alive timeouts. Default `DEFAULT_SERVER_TIMEOUTS` (30 s, 10 s, 5 s). */
  timeouts?: ServerTimeouts
  /** Host names served besides the loopback names and `host`; on loopback any other `Host` gets 421. Default none. */
  allowedHosts?: readonly string[]
}

/** A running static file server. */
export interface StaticServer {
  /** `http://<host>:<port>`, no trailing slash (a wildcard bind reads as loopback, see `urlHost`). */
  url: string
  /** Every request received, as `METHOD /path?query`, in arrival order. */
  readonly requests: readonly string[]
  /** Stops listening and drops open connections; safe to call twice. */
  close(): Promise<void>
}

/**
 * A node:http listener serving the files of `root` (GET/HEAD only; `/` is `index.html`; nothing
 * outside `root`), with `Cache-Control: no-store` so a rebuilt bundle is always picked up.
 */
export function createStaticHandler(root: string, options: StaticHandlerOptions = {}): (req: IncomingMessage, res: ServerResponse) => Promise<void> {
  const base = resolve(root)
  return async (req, res) => {
    const method = req.method ?? 'GET'
    const url = new URL(req.url ?? '/', 'http://localhost')
    const send = (status: number, body: string | Buffer, type = 'text/plain; charset=utf-8') => {
      res.writeHead(status, { ...options.headers, 'content-type': type, 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' })
      res.end(method === 'HEAD' ? undefined : body)
    }
    if (method !== 'GET' && method !== 'HEAD') return send(405, 'Method Not Allowed')
    let pathname: string
    try {
      pathname = decodeURIComponent(url.pathname)
    } catch {
      return send(400, 'Bad Request')
    }
    const generated = options.files?.[pathname]
    if (generated) return send(200, generated.body, generated.type)
    const file = resolve(join(base, pathname.endsWith('/') ? `${pathname}index.html` : pathname))
    if (file !== base && !file.startsWith(base + sep)) return send(404, 'Not Found')
    const body = await readFile(file).catch(() => undefined)
    if (body) return send(200, body, CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream')
    // A missing asset (`/app.js`) stays a 404; only extension-less paths are app routes.
    if (options.spaFallback && method === 'GET' && extname(pathname) === '') {
      const index = await readFile(join(base, 'index.html')).catch(() => undefined)
      if (index) return send(200, index, CONTENT_TYPES['.html'])
    }
    send(404, 'Not Found')
  }
}

/**
 * Serves {@link createStaticHandler} on its own port. It has NO `/api` route: in the demo every API
 * answer must come from the MSW worker, and `requests` lets a test prove it.
 */
export async function serveStatic(root: string, options: StaticServerOptions = {}): Promise<StaticServer> {
  const requests: string[] = []
  const handle = createStaticHandler(root, options)
  const host = options.host ?? '127.0.0.1'
  // As every dev server (F6, F12): bounded client times, and on loopback only its own Host names.
  const server = createDevServer({ bindHost: host, allowedHosts: options.allowedHosts ?? [], timeouts: options.timeouts }, (req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost')
    requests.push(`${req.method ?? 'GET'} ${url.pathname}${url.search}`)
    handle(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500).end()
      else res.destroy()
    })
  })
  const port = await listenOn(server, options.port ?? 0, host)
  return { url: httpUrl(host, port), requests, close: closeNow(server) }
}
