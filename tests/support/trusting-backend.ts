import { randomUUID } from 'node:crypto'
import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { decodeJwt } from 'jose'

/**
 * The worst backend for a report: it accepts every bearer token whose payload decodes (no
 * signature, no expiry, no issuer check), so every hostile token the checklist sends is a token
 * the backend accepted — a live credential that no report may print. It records each one.
 */
export async function startTrustingBackend(
  options: {
    /** Where the task routes live (default `/api`; `''` for none). */
    prefix?: string
    /** PATCH …/complete answers 500, like a proxy that cannot forward a body-less PATCH. */
    brokenToggle?: boolean
  } = {},
): Promise<{ url: string; accepted: Set<string>; close(): Promise<void> }> {
  const prefix = options.prefix ?? '/api'
  const accepted = new Set<string>()
  const tasks = new Map<
    string,
    { id: string; user_id: string; title: string; description: string | null; completed: boolean; created_at: string; updated_at: string }
  >()
  const server: Server = createServer(async (req, res) => {
    const send = (status: number, body?: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json', ...(status === 401 && { 'www-authenticate': 'Bearer' }) })
      res.end(body === undefined ? undefined : JSON.stringify(body))
    }
    if (options.brokenToggle && req.method === 'PATCH') return send(500, { detail: 'Internal Server Error' })
    let raw = ''
    // A client that gives up on its upload (DOS-002's stalled body) gets no answer, not an unhandled rejection.
    try {
      for await (const chunk of req) raw += chunk
    } catch {
      return undefined
    }
    const url = new URL(req.url ?? '/', 'http://x')
    if (url.pathname === '/health') return send(200, { status: 'ok' })
    const match = url.pathname.startsWith(`${prefix}/`) ? /^\/([^/]+)\/tasks(?:\/([^/]+))?(\/complete)?$/.exec(url.pathname.slice(prefix.length)) : null
    if (!match) return send(404, { detail: 'Not Found' })
    const token = /^Bearer (\S+)$/.exec(req.headers.authorization ?? '')?.[1]
    let sub: unknown
    try {
      sub = decodeJwt(token ?? '').sub
    } catch {
      return send(401, { detail: 'Not authenticated' })
    }
    accepted.add(token!)
    let user: string
    try {
      user = decodeURIComponent(match[1]!)
    } catch {
      return send(400, { detail: 'bad path' })
    }
    if (typeof sub === 'string' && sub !== user) return send(403, { detail: 'Forbidden' })
    let body: any
    try {
      body = raw ? JSON.parse(raw) : {}
    } catch {
      return send(422, { detail: 'bad json' })
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) return send(422, { detail: 'body must be an object' })
    if (!match[2]) {
      if (req.method === 'GET') {
        const data = [...tasks.values()].filter((t) => t.user_id === user)
        return send(200, { data, count: data.length })
      }
      if (typeof body?.title !== 'string') return send(422, { detail: 'title required' })
      const now = new Date().toISOString()
      const task = {
        id: randomUUID(),
        user_id: user,
        title: body.title,
        description: body.description ?? null,
        completed: false,
        created_at: now,
        updated_at: now,
      }
      tasks.set(task.id, task)
      return send(201, task)
    }
    const task = tasks.get(match[2])
    if (!task || task.user_id !== user) return send(404, { detail: 'Task not found' })
    if (req.method === 'DELETE') {
      tasks.delete(task.id)
      return void res.writeHead(204).end()
    }
    if (match[3]) task.completed = !task.completed
    else if (req.method === 'PUT')
      Object.assign(task, { ...(typeof body.title === 'string' && { title: body.title }), ...('description' in body && { description: body.description }) })
    return send(200, task)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    accepted,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
