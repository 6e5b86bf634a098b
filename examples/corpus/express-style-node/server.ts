/**
 * Tasks API the way a Node team writes it: Fastify, jose's createRemoteJWKSet for the Better Auth
 * keys (EdDSA), @fastify/cors, JSON-schema routes, and an in-memory repository with async methods
 * (standing in for an ORM: every read returns a copy, every write stores one).
 *
 * A corpus backend (see examples/corpus/README.md). Faithful by default: jose does not require
 * `exp` and accepts `exp: 1e400` (Infinity) unless told, so the default variant asks for the claims
 * and checks that exp is finite; toggles go through a per-task lock. `DEFECTS=a,b` switches on:
 *
 *   leeway-10-minutes      clockTolerance: '10 minutes' ("users complained about expiry errors")
 *   jwks-every-request     createRemoteJWKSet() inside the auth hook: a JWKS fetch on every request
 *   lost-toggles           read, await, write: concurrent toggles overwrite each other
 *   mass-assignment        { ...defaults, ...request.body } on create and Object.assign on update
 *   cors-reflect-any       @fastify/cors { origin: true, credentials: true }: every origin reflected
 *   trust-infinite-exp     no Number.isFinite(exp) check: a token with exp 1e400 never expires
 *
 * Environment: JWKS_URL, JWT_ISSUER, JWT_AUDIENCE, CORS_ORIGINS (default http://localhost:3000),
 * PORT (default 8006), HOST (default 127.0.0.1), DEFECTS.
 * Run: node --import tsx examples/corpus/express-style-node/server.ts
 */
import { randomUUID } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import cors from '@fastify/cors'
import Fastify, { type FastifyReply, type FastifyRequest } from 'fastify'
import { createRemoteJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose'

const KNOWN_DEFECTS = ['leeway-10-minutes', 'jwks-every-request', 'lost-toggles', 'mass-assignment', 'cors-reflect-any', 'trust-infinite-exp']
const defects = new Set(
  (process.env.DEFECTS ?? '')
    .split(',')
    .map((d) => d.trim())
    .filter(Boolean),
)
for (const d of defects) if (!KNOWN_DEFECTS.includes(d)) throw new Error(`unknown defect ${d}; known: ${KNOWN_DEFECTS.join(', ')}`)

const JWKS_URL = new URL(process.env.JWKS_URL ?? 'http://localhost:3000/api/auth/jwks')
const ISSUER = process.env.JWT_ISSUER
const AUDIENCE = process.env.JWT_AUDIENCE
const CORS_ORIGINS = (process.env.CORS_ORIGINS ?? 'http://localhost:3000').split(',')

// ---------------------------------------------------------------- repository

interface Task {
  id: string
  user_id: string
  title: string
  description: string | null
  completed: boolean
  created_at: string
  updated_at: string
}

const rows = new Map<string, Task>()
const tasks = {
  async findOne(userId: string, id: string): Promise<Task | undefined> {
    const row = rows.get(id)
    return row && row.user_id === userId ? { ...row } : undefined
  },
  async findAll(userId: string): Promise<Task[]> {
    return [...rows.values()]
      .filter((t) => t.user_id === userId)
      .reverse()
      .map((t) => ({ ...t }))
  },
  async save(task: Task): Promise<Task> {
    rows.set(task.id, { ...task })
    return { ...task }
  },
  async remove(userId: string, id: string): Promise<boolean> {
    return rows.get(id)?.user_id === userId && rows.delete(id)
  },
}

/** updated_at moves forward on every change, even for two changes within one millisecond. */
function touched(previous: string): string {
  return new Date(Math.max(Date.now(), Date.parse(previous) + 1)).toISOString()
}

/** One toggle at a time per task (a promise chain per id). */
const locks = new Map<string, Promise<unknown>>()
async function withTaskLock<T>(id: string, work: () => Promise<T>): Promise<T> {
  const previous = locks.get(id) ?? Promise.resolve()
  const run = previous.then(work, work)
  const settled = run.catch(() => undefined)
  locks.set(id, settled)
  try {
    return await run
  } finally {
    if (locks.get(id) === settled) locks.delete(id)
  }
}

// ---------------------------------------------------------------- auth

const JWKS: JWTVerifyGetKey = createRemoteJWKSet(JWKS_URL)

declare module 'fastify' {
  interface FastifyRequest {
    userId: string
  }
}

function unauthorized(reply: FastifyReply, detail: string) {
  return reply.code(401).header('www-authenticate', 'Bearer').send({ detail })
}

async function authenticate(request: FastifyRequest<{ Params: { userId?: string } }>, reply: FastifyReply) {
  const [scheme, token] = (request.headers.authorization ?? '').split(' ')
  if (scheme?.toLowerCase() !== 'bearer' || !token) return unauthorized(reply, 'Not authenticated')
  try {
    const keys = defects.has('jwks-every-request') ? createRemoteJWKSet(JWKS_URL) : JWKS
    const { payload } = await jwtVerify(token, keys, {
      algorithms: ['EdDSA'],
      ...(ISSUER && { issuer: ISSUER }),
      ...(AUDIENCE && { audience: AUDIENCE }),
      requiredClaims: ['sub', 'exp'],
      clockTolerance: defects.has('leeway-10-minutes') ? '10 minutes' : 5,
    })
    if (!defects.has('trust-infinite-exp') && !Number.isFinite(payload.exp)) throw new Error('exp is not a finite number')
    if (typeof payload.sub !== 'string' || payload.sub === '') throw new Error('no subject')
    request.userId = payload.sub
  } catch {
    return unauthorized(reply, 'Could not validate credentials')
  }
  if (request.params.userId !== request.userId) return reply.code(403).send({ detail: "Not authorized to access this user's tasks" })
}

// ---------------------------------------------------------------- app

const app = Fastify({ logger: false, routerOptions: { maxParamLength: 256 } })
await app.register(
  cors,
  defects.has('cors-reflect-any')
    ? { origin: true, credentials: true }
    : { origin: CORS_ORIGINS, credentials: true, methods: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'], allowedHeaders: ['Authorization', 'Content-Type'] },
)

// The frontend reads `error.detail` (FastAPI's shape): answer every error that way.
app.setErrorHandler((error: { statusCode?: number; message: string; validation?: unknown }, _request, reply) => {
  const status = error.validation ? 422 : error.statusCode && error.statusCode >= 400 ? error.statusCode : 500
  reply.code(status).send({ detail: status === 500 ? 'Internal Server Error' : error.message })
})
app.setNotFoundHandler((_request, reply) => reply.code(404).send({ detail: 'Not Found' }))

app.get('/health', async () => ({ status: 'ok' }))

const title = { type: 'string', minLength: 1, maxLength: 255 }
const description = { type: ['string', 'null'], maxLength: 2000 }
const createSchema = { body: { type: 'object', required: ['title'], properties: { title, description } } }
const updateSchema = { body: { type: 'object', properties: { title, description, completed: { type: 'boolean' } } } }

type TaskParams = { userId: string; taskId: string }
type Body = { title?: string; description?: string | null; completed?: boolean }

await app.register(
  async (api) => {
    api.addHook('onRequest', authenticate)

    api.get<{ Params: { userId: string } }>('/', async (request) => {
      const data = await tasks.findAll(request.userId)
      return { data, count: data.length }
    })

    api.post<{ Params: { userId: string }; Body: Body }>('/', { schema: createSchema }, async (request, reply) => {
      const now = new Date().toISOString()
      const defaults: Task = { id: randomUUID(), user_id: request.userId, title: '', description: null, completed: false, created_at: now, updated_at: now }
      const task = defects.has('mass-assignment')
        ? ({ ...defaults, ...request.body } as Task)
        : { ...defaults, title: request.body.title!, description: request.body.description ?? null }
      return reply.code(201).send(await tasks.save(task))
    })

    api.get<{ Params: TaskParams }>('/:taskId', async (request, reply) => {
      return (await tasks.findOne(request.userId, request.params.taskId)) ?? reply.code(404).send({ detail: 'Task not found' })
    })

    api.put<{ Params: TaskParams; Body: Body }>('/:taskId', { schema: updateSchema }, async (request, reply) => {
      const task = await tasks.findOne(request.userId, request.params.taskId)
      if (!task) return reply.code(404).send({ detail: 'Task not found' })
      if (defects.has('mass-assignment')) Object.assign(task, request.body)
      else for (const field of ['title', 'description', 'completed'] as const) if (field in request.body) Object.assign(task, { [field]: request.body[field] })
      task.updated_at = touched(task.updated_at)
      return tasks.save(task)
    })

    api.delete<{ Params: TaskParams }>('/:taskId', async (request, reply) => {
      if (!(await tasks.remove(request.userId, request.params.taskId))) return reply.code(404).send({ detail: 'Task not found' })
      return reply.code(204).send()
    })

    api.patch<{ Params: TaskParams }>('/:taskId/complete', async (request, reply) => {
      const toggle = async () => {
        const task = await tasks.findOne(request.userId, request.params.taskId)
        if (!task) return undefined
        if (defects.has('lost-toggles')) await sleep(50) // e.g. an audit-log write between the read and the write
        return tasks.save({ ...task, completed: !task.completed, updated_at: touched(task.updated_at) })
      }
      const task = defects.has('lost-toggles') ? await toggle() : await withTaskLock(request.params.taskId, toggle)
      return task ?? reply.code(404).send({ detail: 'Task not found' })
    })
  },
  { prefix: '/api/:userId/tasks' },
)

const address = await app.listen({ port: Number(process.env.PORT ?? 8006), host: process.env.HOST ?? '127.0.0.1' })
console.log(`tasks api listening on ${address}`)
