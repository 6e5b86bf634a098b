import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { readFile, stat } from 'node:fs/promises'
import { extname, join, resolve, sep } from 'node:path'

/** Media types of the files the demo app consists of (a Service Worker script must be JavaScript). */
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

/** Options of {@link serveStatic}. */
export interface StaticServerOptions {
  /** TCP port; 0 (default) picks a free one. */
  port?: number
  /** Bind address. Default `127.0.0.1`. */
  host?: string
}

/** A running static file server. */
export interface StaticServer {
  /** `http://<host>:<port>`, no trailing slash. */
  url: string
  /** Every request received, as `METHOD /path?query`, in arrival order. */
  readonly requests: readonly string[]
  /** Stops listening and drops open connections; safe to call twice. */
  close(): Promise<void>
}

/**
 * Serves the files of `root` (GET/HEAD only; `/` is `index.html`; nothing outside `root`), with
 * `Cache-Control: no-store` so a rebuilt bundle is always picked up. It has NO `/api` route: in the
 * demo every API answer must come from the MSW worker, and `requests` lets a test prove it.
 */
export async function serveStatic(root: string, options: StaticServerOptions = {}): Promise<StaticServer> {
  const base = resolve(root)
  const requests: string[] = []
  const server = createServer(async (req, res) => {
    const method = req.method ?? 'GET'
    const url = new URL(req.url ?? '/', 'http://localhost')
    requests.push(`${method} ${url.pathname}${url.search}`)
    const send = (status: number, body: string, type = 'text/plain; charset=utf-8') => {
      res.writeHead(status, { 'content-type': type, 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' })
      res.end(method === 'HEAD' ? undefined : body)
    }
    if (method !== 'GET' && method !== 'HEAD') return send(405, 'Method Not Allowed')
    let pathname: string
    try {
      pathname = decodeURIComponent(url.pathname)
    } catch {
      return send(400, 'Bad Request')
    }
    const file = resolve(join(base, pathname.endsWith('/') ? `${pathname}index.html` : pathname))
    if (file !== base && !file.startsWith(base + sep)) return send(404, 'Not Found')
    try {
      if (!(await stat(file)).isFile()) return send(404, 'Not Found')
      const body = await readFile(file)
      res.writeHead(200, {
        'content-type': CONTENT_TYPES[extname(file).toLowerCase()] ?? 'application/octet-stream',
        'content-length': body.byteLength,
        'cache-control': 'no-store',
      })
      res.end(method === 'HEAD' ? undefined : body)
    } catch {
      send(404, 'Not Found')
    }
  })
  const host = options.host ?? '127.0.0.1'
  await new Promise<void>((resolveListen, reject) => {
    server.once('error', reject)
    server.listen(options.port ?? 0, host, () => {
      server.off('error', reject)
      resolveListen()
    })
  })
  const { port } = server.address() as AddressInfo
  let closed: Promise<void> | undefined
  return {
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    requests,
    close: () =>
      (closed ??= new Promise<void>((resolveClose, reject) => {
        server.close((err) => (err ? reject(err) : resolveClose()))
        server.closeAllConnections()
      })),
  }
}
