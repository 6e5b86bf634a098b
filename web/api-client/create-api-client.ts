import { createTaskApiClient, type Task, type TaskCreate, type TaskList, type TaskListQuery, type TaskUpdate } from '../../contracts/task-api-client.ts'
import { ApiError, abortedError, networkError, toApiError } from './api-error.ts'
import { createTokenCache, type TokenCache } from './token-cache.ts'

/** Options of {@link createApiClient}. */
export interface ApiClientOptions {
  /** Origin (and optional prefix) of the Task API, e.g. `process.env.NEXT_PUBLIC_API_URL`. */
  baseUrl: string
  /**
   * Fetches a fresh JWT; `null` when signed out. With Better Auth:
   * `() => authClient.token().then((r) => r.data?.token ?? null)`.
   */
  getToken: () => Promise<string | null>
  /** Called when the session is gone (a 401 that a token refresh did not cure, or no token): sign the user out. */
  onUnauthorized?: () => void
  /** The fetch implementation. Default: `globalThis.fetch` (read per request, so test interceptors apply). */
  fetch?: typeof fetch
  /** Development request logging (`METHOD /path → status (ms)`); lines never contain the token. */
  logger?: (line: string) => void
  /**
   * Retries of network errors and 5xx answers, idempotent methods only (GET, PUT, DELETE).
   * `attempts`: how many times a failed request is retried (default 2, so at most 3 tries);
   * the n-th retry waits `baseDelayMs * 2^(n-1)` (default 200 ms).
   */
  retry?: { attempts?: number; baseDelayMs?: number }
  /** Seconds before `exp` at which a cached token is refreshed proactively. Default 60. */
  refreshMarginSeconds?: number
  /** Clock in milliseconds for the token cache, for tests. Default `Date.now`. */
  now?: () => number
}

/** Per-call options. */
export interface CallOptions {
  /** Cancels the request (and any pending retry); the call throws ApiError `ABORTED`. */
  signal?: AbortSignal
}

/**
 * Options of {@link ApiClient.listTasks}: which page. `limit` 1–100 (server default 100), `offset`
 * ≥ 0 (default 0); omitted ones are not sent, so the server's defaults apply. The answer's `count`
 * is the user's total: a screen that shows every task asks for `offset + data.length` until it
 * reaches `count`.
 */
export interface ListOptions extends CallOptions, TaskListQuery {}

/** The centralized Task API client: typed data, or a thrown {@link ApiError}. */
export interface ApiClient {
  /** One page of the user's tasks (the first 100 without `limit`/`offset`) and their total `count`. */
  listTasks(userId: string, options?: ListOptions): Promise<TaskList>
  createTask(userId: string, body: TaskCreate, options?: CallOptions): Promise<Task>
  getTask(userId: string, taskId: string, options?: CallOptions): Promise<Task>
  updateTask(userId: string, taskId: string, body: TaskUpdate, options?: CallOptions): Promise<Task>
  deleteTask(userId: string, taskId: string, options?: CallOptions): Promise<void>
  toggleTask(userId: string, taskId: string, options?: CallOptions): Promise<Task>
  /** The token cache, e.g. to `clear()` it on sign-out. */
  readonly tokens: TokenCache
}

type Method = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE'
type Init = { headers: Record<string, string>; signal?: AbortSignal }
type Result<T> = { data?: T; error?: unknown; response: Response }

interface Operation<T> {
  method: Method
  path: string
  signal: AbortSignal | undefined
  call: (init: Init) => Promise<Result<T>>
}

// PATCH .../complete toggles, so repeating it is not harmless; POST creates.
const IDEMPOTENT = new Set<Method>(['GET', 'PUT', 'DELETE'])

/**
 * Creates the one client every screen uses. Per request it attaches `Authorization: Bearer` from an
 * in-memory token cache; on a 401 it refreshes the token once (single flight: N concurrent 401s
 * cause one refresh) and repeats the request; a second 401 clears the cache, calls
 * `onUnauthorized()` and throws ApiError 401. Network errors and 5xx are retried with exponential
 * backoff on idempotent methods only. Browser-safe: no Node built-ins.
 */
export function createApiClient(options: ApiClientOptions): ApiClient {
  const tokens = createTokenCache({
    fetchToken: options.getToken,
    ...(options.refreshMarginSeconds === undefined ? {} : { refreshMarginSeconds: options.refreshMarginSeconds }),
    ...(options.now === undefined ? {} : { now: options.now }),
  })
  const api = createTaskApiClient({
    baseUrl: options.baseUrl,
    fetch: options.fetch ?? ((input, init) => globalThis.fetch(input, init)),
  })
  const log = options.logger ?? (() => {})
  const attempts = options.retry?.attempts ?? 2
  const baseDelayMs = options.retry?.baseDelayMs ?? 200

  const unauthorized = (error: ApiError): ApiError => {
    tokens.clear()
    options.onUnauthorized?.()
    return error
  }

  const tokenOrThrow = async (read: () => Promise<string | null>): Promise<string> => {
    let token: string | null
    try {
      token = await read()
    } catch (cause) {
      throw new ApiError({ status: 0, code: 'UNKNOWN', message: 'Could not obtain an access token', cause })
    }
    // No session: no point in a request the server can only refuse.
    if (!token) throw unauthorized(new ApiError({ status: 401, code: 'AUTH_TOKEN_MISSING', message: 'Not authenticated' }))
    return token
  }

  async function send<T>(op: Operation<T>): Promise<T> {
    const { method, path, signal } = op
    const idempotent = IDEMPOTENT.has(method)
    let token = await tokenOrThrow(() => tokens.get())
    let refreshed = false
    let retries = 0
    for (;;) {
      if (signal?.aborted) throw abortedError(signal.reason)
      const started = Date.now()
      let result: Result<T>
      try {
        result = await op.call({ headers: { authorization: `Bearer ${token}` }, ...(signal && { signal }) })
      } catch (cause) {
        if (signal?.aborted || (cause instanceof Error && cause.name === 'AbortError')) {
          log(`${method} ${path} → aborted`)
          throw abortedError(cause)
        }
        log(`${method} ${path} → network error (${Date.now() - started} ms)`)
        const error = networkError(cause)
        if (!(idempotent && retries < attempts)) throw error
        retries += 1
        await backoff(retries)
        continue
      }
      const { response } = result
      log(`${method} ${path} → ${response.status} (${Date.now() - started} ms)`)
      if (response.ok) return result.data as T
      const error = toApiError(response, result.error)
      if (response.status === 401) {
        if (refreshed) throw unauthorized(error)
        refreshed = true
        log(`${method} ${path} → refreshing the token and retrying once`)
        token = await tokenOrThrow(() => tokens.refresh(token))
        continue
      }
      if (error.retryable && idempotent && retries < attempts) {
        retries += 1
        await backoff(retries)
        continue
      }
      throw error
    }

    async function backoff(retry: number): Promise<void> {
      const delayMs = baseDelayMs * 2 ** (retry - 1)
      log(`${method} ${path} → retry ${retry}/${attempts} in ${delayMs} ms`)
      await sleep(delayMs, signal)
    }
  }

  const tasksPath = (userId: string) => ({ params: { path: { user_id: userId } } })
  const taskPath = (userId: string, taskId: string) => ({ params: { path: { user_id: userId, task_id: taskId } } })
  const at = (userId: string, taskId?: string) => `/api/${encodeURIComponent(userId)}/tasks${taskId === undefined ? '' : `/${encodeURIComponent(taskId)}`}`

  return {
    tokens,
    listTasks: (userId, { signal, limit, offset } = {}) => {
      // Only what was given: a call without a page sends no query at all (and gets the first 100).
      const query = { ...(limit !== undefined && { limit }), ...(offset !== undefined && { offset }) }
      const search = new URLSearchParams(Object.entries(query).map(([k, v]) => [k, String(v)])).toString()
      return send({
        method: 'GET',
        path: `${at(userId)}${search && `?${search}`}`,
        signal,
        call: (init) => api.GET('/api/{user_id}/tasks', { params: { path: { user_id: userId }, ...(search && { query }) }, ...init }),
      })
    },
    createTask: (userId, body, { signal } = {}) =>
      send({
        method: 'POST',
        path: at(userId),
        signal,
        call: (init) => api.POST('/api/{user_id}/tasks', { ...tasksPath(userId), body, ...init }),
      }),
    getTask: (userId, taskId, { signal } = {}) =>
      send({
        method: 'GET',
        path: at(userId, taskId),
        signal,
        call: (init) => api.GET('/api/{user_id}/tasks/{task_id}', { ...taskPath(userId, taskId), ...init }),
      }),
    updateTask: (userId, taskId, body, { signal } = {}) =>
      send({
        method: 'PUT',
        path: at(userId, taskId),
        signal,
        call: (init) => api.PUT('/api/{user_id}/tasks/{task_id}', { ...taskPath(userId, taskId), body, ...init }),
      }),
    deleteTask: async (userId, taskId, { signal } = {}) => {
      await send({
        method: 'DELETE',
        path: at(userId, taskId),
        signal,
        call: (init) => api.DELETE('/api/{user_id}/tasks/{task_id}', { ...taskPath(userId, taskId), ...init }),
      })
    },
    toggleTask: (userId, taskId, { signal } = {}) =>
      send({
        method: 'PATCH',
        path: `${at(userId, taskId)}/complete`,
        signal,
        call: (init) => api.PATCH('/api/{user_id}/tasks/{task_id}/complete', { ...taskPath(userId, taskId), ...init }),
      }),
  }
}

/** Waits `ms`, or throws ApiError `ABORTED` as soon as `signal` aborts. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortedError(signal.reason))
    const onAbort = () => {
      clearTimeout(timer)
      reject(abortedError(signal?.reason))
    }
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort)
      resolve()
    }, ms)
    signal?.addEventListener('abort', onAbort, { once: true })
  })
}
