import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createRemoteJWKSet, jwtVerify } from 'jose'

/**
 * A backend that is secure but shaped differently from the contract, as real ones are: task ids
 * are integers, bodies are wrapped in `{data: …}`, fields are camelCase, create requires an extra
 * `priority` field (published in its own /openapi.json), and errors are `{message}` with no
 * WWW-Authenticate. The checklist must report those divergences and still prove the security items.
 */
export async function startDivergentBackend(options: { jwksUrl: string; issuer: string; origin: string }): Promise<{ url: string; close(): Promise<void> }> {
  const jwks = createRemoteJWKSet(new URL(options.jwksUrl))
  const tasks = new Map<
    number,
    { id: number; userId: string; title: string; description: string | null; completed: boolean; priority: number; createdAt: string }
  >()
  let nextId = 1
  const openapi = {
    openapi: '3.1.0',
    info: { title: 'divergent', version: '1' },
    paths: {
      '/api/{user}/tasks': {
        get: {},
        post: { requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/NewTask' } } } } },
      },
    },
    components: {
      schemas: {
        NewTask: { type: 'object', required: ['title', 'priority'], properties: { title: { type: 'string' }, priority: { type: 'integer', minimum: 1 } } },
      },
    },
  }

  const server: Server = createServer(async (req, res) => {
    const send = (status: number, body?: unknown) => {
      res.writeHead(status, {
        'content-type': 'application/json',
        ...(req.headers.origin === options.origin && { 'access-control-allow-origin': options.origin, 'access-control-allow-credentials': 'true' }),
      })
      res.end(body === undefined ? undefined : JSON.stringify(body))
    }
    const url = new URL(req.url ?? '/', 'http://x')
    if (req.method === 'OPTIONS') {
      if (req.headers.origin !== options.origin) return void res.writeHead(204).end()
      res.writeHead(204, {
        'access-control-allow-origin': options.origin,
        'access-control-allow-credentials': 'true',
        'access-control-allow-methods': 'GET, POST, PUT, PATCH, DELETE',
        'access-control-allow-headers': 'Authorization, Content-Type',
      })
      return void res.end()
    }
    if (url.pathname === '/openapi.json') return send(200, openapi)
    const match = /^\/api\/([^/]+)\/tasks(?:\/([^/]+))?(\/complete)?$/.exec(url.pathname)
    if (!match) return send(404, { message: 'no route' })
    const token = /^Bearer (\S+)$/i.exec(req.headers.authorization ?? '')?.[1]
    let sub: string
    try {
      const { payload } = await jwtVerify(token ?? '', jwks, {
        algorithms: ['EdDSA'],
        issuer: options.issuer,
        audience: options.issuer,
        requiredClaims: ['sub', 'exp'],
      })
      sub = String(payload.sub)
    } catch {
      return send(401, { message: 'unauthorized' })
    }
    let user: string
    try {
      user = decodeURIComponent(match[1]!)
    } catch {
      return send(400, { message: 'bad path' })
    }
    if (user !== sub) return send(403, { message: 'forbidden' })
    let raw = ''
    // A client that gives up on its upload (DOS-002's stalled body) gets no answer, not an unhandled rejection.
    try {
      for await (const chunk of req) raw += chunk
    } catch {
      return undefined
    }
    let body: any
    try {
      body = raw ? JSON.parse(raw) : undefined
    } catch {
      return send(422, { message: 'bad json' })
    }
    const valid = (b: any, creating: boolean) =>
      b &&
      typeof b === 'object' &&
      !Array.isArray(b) &&
      (creating ? typeof b.title === 'string' : b.title === undefined || typeof b.title === 'string') &&
      (b.title === undefined || (b.title.length >= 1 && b.title.length <= 255)) &&
      (!creating || Number.isInteger(b.priority)) &&
      (b.description === undefined || b.description === null || typeof b.description === 'string') &&
      (b.completed === undefined || typeof b.completed === 'boolean')
    if (!match[2]) {
      if (req.method === 'GET') return send(200, { data: [...tasks.values()].filter((t) => t.userId === sub).reverse() })
      if (req.method === 'POST') {
        if (!valid(body, true)) return send(422, { message: 'invalid' })
        const task = {
          id: nextId++,
          userId: sub,
          title: body.title,
          description: body.description ?? null,
          completed: false,
          priority: body.priority,
          createdAt: new Date().toISOString(),
        }
        tasks.set(task.id, task)
        return send(201, { data: task })
      }
      return send(405, { message: 'method' })
    }
    const id = Number(match[2])
    if (!Number.isInteger(id)) return send(422, { message: 'bad id' })
    const task = tasks.get(id)
    if (!task || task.userId !== sub) return send(404, { message: 'not found' })
    if (match[3] && req.method === 'PATCH') {
      task.completed = !task.completed
      return send(200, { data: task })
    }
    if (req.method === 'GET') return send(200, { data: task })
    if (req.method === 'PUT') {
      if (!valid(body, false)) return send(422, { message: 'invalid' })
      for (const k of ['title', 'description', 'completed'] as const) if (body[k] !== undefined) (task as any)[k] = body[k]
      return send(200, { data: task })
    }
    if (req.method === 'DELETE') {
      tasks.delete(id)
      return void res.writeHead(204).end()
    }
    return send(405, { message: 'method' })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
