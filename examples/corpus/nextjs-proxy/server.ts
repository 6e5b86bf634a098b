/**
 * A small stand-in for `next start`, enough to run this app's route handlers without Next.js: it
 * finds every `app/**\/route.ts`, matches the request path against them the way the App Router does
 * (folders `[name]` are dynamic segments, matched on the raw path and handed to the handler
 * DECODED, as `params: Promise<{...}>`), and calls the exported function named after the method.
 * No match → 404, a method the route does not export → 405, a bad percent-escape → 400, a handler
 * that throws → 500 with an empty body (what Next answers).
 *
 * Run: BACKEND_URL=http://127.0.0.1:8001 PORT=3001 node --import tsx examples/corpus/nextjs-proxy/server.ts
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { readdirSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { fileURLToPath, pathToFileURL } from 'node:url'

type Handler = (request: Request, context: { params: Promise<Record<string, string>> }) => Promise<Response>
interface Route {
  segments: string[]
  module: Record<string, Handler | undefined>
}

const APP_DIR = fileURLToPath(new URL('./app', import.meta.url))
const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS']

function findRouteFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) =>
    entry.isDirectory() ? findRouteFiles(join(dir, entry.name)) : entry.name === 'route.ts' ? [join(dir, entry.name)] : [],
  )
}

async function loadRoutes(): Promise<Route[]> {
  const routes: Route[] = []
  for (const file of findRouteFiles(APP_DIR)) {
    const segments = relative(APP_DIR, file).split(sep).slice(0, -1)
    routes.push({ segments, module: (await import(pathToFileURL(file).href)) as Route['module'] })
  }
  // Static segments win over dynamic ones, as in Next.
  return routes.sort((a, b) => a.segments.filter((s) => s.startsWith('[')).length - b.segments.filter((s) => s.startsWith('[')).length)
}

function match(routes: Route[], rawPath: string): { route: Route; params: Record<string, string> } | undefined {
  const parts = rawPath.split('/').filter((p) => p !== '')
  for (const route of routes) {
    if (route.segments.length !== parts.length) continue
    const params: Record<string, string> = {}
    const ok = route.segments.every((segment, i) => {
      const dynamic = /^\[(\w+)\]$/.exec(segment)
      if (dynamic) {
        params[dynamic[1]!] = decodeURIComponent(parts[i]!)
        return true
      }
      return segment === parts[i]
    })
    if (ok) return { route, params }
  }
  return undefined
}

async function toRequest(req: IncomingMessage, url: string): Promise<Request> {
  const chunks: Buffer[] = []
  for await (const chunk of req) chunks.push(chunk as Buffer)
  const headers = new Headers()
  for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value)
  const hasBody = req.method !== 'GET' && req.method !== 'HEAD'
  return new Request(url, { method: req.method, headers, ...(hasBody && { body: Buffer.concat(chunks) }) })
}

async function send(res: ServerResponse, response: Response): Promise<void> {
  const headers: Record<string, string> = {}
  response.headers.forEach((value, name) => {
    headers[name] = value
  })
  const body = Buffer.from(await response.arrayBuffer())
  res.writeHead(response.status, { ...headers, 'content-length': body.length }).end(body)
}

const routes = await loadRoutes()
const server = createServer(async (req, res) => {
  const rawPath = (req.url ?? '/').split('?')[0]!
  try {
    let found
    try {
      found = match(routes, rawPath)
    } catch {
      return void res.writeHead(400, { 'content-type': 'text/plain' }).end('Bad Request')
    }
    if (!found) return void res.writeHead(404, { 'content-type': 'text/html' }).end('<!DOCTYPE html><h1>404</h1><p>This page could not be found.</p>')
    const handler = METHODS.includes(req.method ?? '') ? found.route.module[req.method!] : undefined
    if (!handler) return void res.writeHead(405, { allow: METHODS.filter((m) => found.route.module[m]).join(', ') }).end()
    const request = await toRequest(req, `http://${req.headers.host ?? 'localhost'}${req.url}`)
    await send(res, await handler(request, { params: Promise.resolve(found.params) }))
  } catch (error) {
    console.error(` ⨯ ${req.method} ${rawPath}:`, (error as Error).message)
    if (!res.headersSent) res.writeHead(500).end()
  }
})

const port = Number(process.env.PORT ?? 3000)
server.listen(port, process.env.HOSTNAME ?? '127.0.0.1', () => {
  const address = server.address()
  console.log(` ✓ Ready on http://${process.env.HOSTNAME ?? '127.0.0.1'}:${typeof address === 'object' && address ? address.port : port}`)
})
