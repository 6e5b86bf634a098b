import createClient from 'openapi-fetch'
import type { Client, Middleware } from 'openapi-fetch'
import type { components, operations, paths } from './generated/task-api.ts'

export type { components, operations, paths } from './generated/task-api.ts'

type Schemas = components['schemas']

/** A stored task, exactly as every task answer returns it. */
export type Task = Schemas['Task']
/** The body of `POST /api/{user_id}/tasks`. */
export type TaskCreate = Schemas['TaskCreate']
/** The body of `PUT /api/{user_id}/tasks/{task_id}`; every field is optional. */
export type TaskUpdate = Schemas['TaskUpdate']
/** The body of `GET /api/{user_id}/tasks`: `{ data, count }`, one page and the user's total. */
export type TaskList = Schemas['TaskList']
/**
 * The query of `GET /api/{user_id}/tasks`: `limit` (1–100, default 100) and `offset` (≥ 0, default 0).
 * Both optional: `params: { path: { user_id } }` alone gets the first 100 tasks.
 */
export type TaskListQuery = NonNullable<operations['listTasks']['parameters']['query']>
/** The body of `GET /health`. */
export type Health = Schemas['Health']
/** The body of `GET /health/ready` (200 and 503). */
export type Readiness = Schemas['Readiness']
/** One FastAPI/pydantic-style validation problem. */
export type ValidationItem = Schemas['ValidationItem']
/**
 * The body of every error answer (FastAPI `detail` or RFC 9457 problem details).
 * It follows the contract's `Error` schema, so it is only as precise as the generated type.
 */
export type ApiError = Schemas['Error']
/** Alias of {@link ApiError}, named after RFC 9457. */
export type ProblemDetails = ApiError

/**
 * The typed client: `client.GET('/api/{user_id}/tasks', { params: { path: { user_id } } })`, one
 * page with `params: { path: { user_id }, query: { limit, offset } }`.
 */
export type TaskApiClient = Client<paths>

/** Options of {@link createTaskApiClient}. */
export interface TaskApiClientOptions {
  /** Origin (and optional prefix) of the Task API, e.g. `http://127.0.0.1:8000`; no trailing path. */
  baseUrl: string
  /**
   * Called before every request; a non-empty result is sent as `Authorization: Bearer <token>`.
   * `undefined` or `''` sends no Authorization header. Default: no token.
   */
  getToken?: () => string | undefined | Promise<string | undefined>
  /** The fetch implementation to use. Default: `globalThis.fetch`. */
  fetch?: typeof fetch
}

/**
 * Creates the typed Task API client shared by the web app and the tests.
 *
 * The bearer token is read per request (tokens expire and get refreshed) and never logged.
 * An `Authorization` header passed explicitly on a request wins, so tests can send bad tokens.
 */
export function createTaskApiClient(options: TaskApiClientOptions): TaskApiClient {
  const client = createClient<paths>({
    baseUrl: options.baseUrl,
    ...(options.fetch ? { fetch: options.fetch } : {}),
  })
  const { getToken } = options
  if (getToken) client.use(bearerAuth(getToken))
  return client
}

function bearerAuth(getToken: NonNullable<TaskApiClientOptions['getToken']>): Middleware {
  return {
    async onRequest({ request }) {
      if (request.headers.has('authorization')) return undefined
      const token = await getToken()
      if (!token) return undefined
      request.headers.set('authorization', `Bearer ${token}`)
      return request
    },
  }
}
