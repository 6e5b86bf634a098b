/**
 * A tiny task app (vanilla TypeScript + DOM) that runs entirely on the MSW worker: the simulated
 * issuer mints tokens in the page, the mock Task API answers through the Service Worker, and no
 * server is involved beyond the one serving these static files. Build it with
 * `node --import tsx mocks/msw-browser/build.ts --serve` (see build.ts for how Node-only modules
 * are kept out of the bundle).
 *
 * Every control carries a stable `data-testid`; the root `[data-testid=app]` has `data-ready`
 * (`true` once the worker is started, `error` if it failed) and `data-done`, a counter incremented
 * when each user action has finished (success or not), so a test can wait for exactly one action.
 */
import { setupWorker } from 'msw/browser'
import { createContractValidator } from '../../contracts/contract-schemas.ts'
import { createTaskApiClient, type Task } from '../../contracts/task-api-client.ts'
import { createIssuer } from '../issuer/create-issuer.ts'
import type { Issuer } from '../issuer/issuer-types.ts'
import { createMockHandlers, type Scenarios, type TaskStore } from '../msw/browser.ts'

/** Users the mock store is seeded for (3 Faker tasks each, seed 42), like `tck mock`. */
const SEED_USERS = ['user_alice', 'user_bob'] as const

/** What the page exposes for poking at the mock from the devtools console. */
interface TckMockHandle {
  store: TaskStore
  scenarios: Scenarios
  issuer: Issuer
  /** Contract-drift (and `Prefer`) warnings the handlers raised; empty when every answer conformed. */
  warnings: string[]
}

declare global {
  interface Window {
    tckMock?: TckMockHandle
  }
}

const $ = <T extends HTMLElement = HTMLElement>(id: string): T => {
  const element = document.getElementById(id)
  if (!element) throw new Error(`#${id} is missing from index.html`)
  return element as T
}

const ui = {
  app: $('app'),
  bootError: $('boot-error'),
  signInForm: $<HTMLFormElement>('sign-in-form'),
  userId: $<HTMLInputElement>('user-id'),
  signOut: $<HTMLButtonElement>('sign-out'),
  signedInAs: $('signed-in-as'),
  message: $('message'),
  fieldErrors: $('field-errors'),
  taskCount: $('task-count'),
  createForm: $<HTMLFormElement>('create-form'),
  newTitle: $<HTMLInputElement>('new-title'),
  refresh: $<HTMLButtonElement>('refresh'),
  tasks: $('tasks'),
  otherUserId: $<HTMLInputElement>('other-user-id'),
  openOtherUser: $<HTMLButtonElement>('open-other-user'),
  taskId: $<HTMLInputElement>('task-id'),
  openTask: $<HTMLButtonElement>('open-task'),
  expirySeconds: $<HTMLInputElement>('expiry-seconds'),
  applyExpiry: $<HTMLButtonElement>('apply-expiry'),
  scenarioState: $('scenario-state'),
}

/** The signed-in user and their token; `undefined` when signed out (or after a 401). */
let session: { userId: string; token: string } | undefined

const api = createTaskApiClient({ baseUrl: location.origin, getToken: () => session?.token })

// ---------------------------------------------------------------------------------------------
// Messages

/** The user-facing text for an error status: what a real frontend would say. */
function textForStatus(status: number): string {
  if (status === 401) return 'Session expired, sign in again'
  if (status === 403) return "You don't have permission"
  if (status === 404) return 'Not found: there is no such task for this user'
  if (status === 413) return 'That is too large to save'
  if (status === 422) return 'Please correct the highlighted fields'
  if (status >= 500) return `The server could not do that (status ${status}); try again`
  return `The request failed with status ${status}`
}

interface ValidationLike { loc?: unknown; msg?: unknown }

/**
 * `field: message` lines from a 422 body: the problem-details `errors` list, or FastAPI's `detail`
 * list (the contract's `Error` schema allows both). The `body`/`path`/`query` prefix is dropped.
 */
function fieldErrorsOf(body: unknown): string[] {
  const record = (body ?? {}) as { errors?: unknown; detail?: unknown }
  const items = Array.isArray(record.errors) ? record.errors : Array.isArray(record.detail) ? record.detail : []
  return (items as ValidationLike[]).map((item) => {
    const loc = Array.isArray(item.loc) ? item.loc.map(String) : []
    const field = loc.filter((part, i) => !(i === 0 && ['body', 'path', 'query'].includes(part))).join('.')
    return `${field || loc.join('.') || 'body'}: ${String(item.msg ?? 'invalid')}`
  })
}

function showMessage(kind: 'info' | 'error', text: string, details: { status?: number; code?: string; fields?: string[] } = {}): void {
  ui.message.textContent = text
  ui.message.dataset.kind = kind
  ui.message.dataset.status = details.status === undefined ? '' : String(details.status)
  ui.message.dataset.code = details.code ?? ''
  ui.fieldErrors.replaceChildren(...(details.fields ?? []).map((line) => {
    const li = document.createElement('li')
    li.dataset.testid = 'field-error'
    li.textContent = line
    return li
  }))
}

function clearMessage(): void {
  showMessage('info', '')
}

function showApiError(status: number, body: unknown): void {
  const code = typeof (body as { code?: unknown })?.code === 'string' ? (body as { code: string }).code : undefined
  showMessage('error', textForStatus(status), { status, ...(code && { code }), fields: status === 422 ? fieldErrorsOf(body) : [] })
  // A 401 means the token is no good any more (expired or revoked): the session is over.
  if (status === 401) setSession(undefined)
}

// ---------------------------------------------------------------------------------------------
// Calls

/**
 * Runs one typed-client call; a non-2xx answer is shown and gives `undefined`. openapi-fetch sets
 * `error` only when the body is non-empty, so the status is read from `response`.
 */
async function call<R extends { response: Response; error?: unknown }>(run: () => Promise<R>): Promise<R | undefined> {
  let result: R
  try {
    result = await run()
  } catch {
    showMessage('error', 'Network error: the request did not complete', { status: 0 })
    return undefined
  }
  if (!result.response.ok) {
    showApiError(result.response.status, result.error)
    return undefined
  }
  return result
}

/** Wraps a user action: clears the message first, bumps `data-done` when it has finished. */
function action(run: () => Promise<void>): () => void {
  return () => {
    clearMessage()
    ui.app.dataset.busy = 'true'
    void run()
      .catch((error: unknown) => showMessage('error', `Unexpected error: ${error instanceof Error ? error.message : String(error)}`))
      .finally(() => {
        ui.app.dataset.busy = 'false'
        ui.app.dataset.done = String(Number(ui.app.dataset.done ?? '0') + 1)
      })
  }
}

function requireSession(): { userId: string; token: string } | undefined {
  if (!session) showMessage('error', 'Sign in first')
  return session
}

function setSession(next: typeof session): void {
  session = next
  ui.signedInAs.textContent = next ? next.userId : 'nobody'
  ui.signedInAs.dataset.userId = next?.userId ?? ''
  if (!next) renderTasks([])
}

async function signIn(userId: string): Promise<void> {
  let response: Response
  try {
    // Served by the worker: the simulated Better Auth issuer's dev token route.
    response = await fetch(`/api/auth/token?sub=${encodeURIComponent(userId)}`, { cache: 'no-store' })
  } catch {
    showMessage('error', 'Network error: could not reach the sign-in endpoint', { status: 0 })
    return
  }
  const body = (await response.json().catch(() => undefined)) as { token?: unknown; detail?: unknown } | undefined
  if (!response.ok || typeof body?.token !== 'string') {
    showMessage('error', `Sign-in failed: ${typeof body?.detail === 'string' ? body.detail : `status ${response.status}`}`, { status: response.status })
    return
  }
  setSession({ userId, token: body.token })
  if (await loadTasks()) showMessage('info', `Signed in as ${userId}`)
}

/** Lists the signed-in user's tasks; false when that failed (the message says why). */
async function loadTasks(): Promise<boolean> {
  const current = requireSession()
  if (!current) return false
  const result = await call(() => api.GET('/api/{user_id}/tasks', { params: { path: { user_id: current.userId } } }))
  if (!result?.data) return false
  renderTasks(result.data.data)
  return true
}

// ---------------------------------------------------------------------------------------------
// Rendering

function renderTasks(tasks: readonly Task[]): void {
  ui.taskCount.textContent = String(tasks.length)
  ui.tasks.replaceChildren(...tasks.map(taskRow))
}

function taskRow(task: Task): HTMLLIElement {
  const li = document.createElement('li')
  li.dataset.testid = 'task-row'
  li.dataset.taskId = task.id
  li.dataset.completed = String(task.completed)

  const toggle = document.createElement('input')
  toggle.type = 'checkbox'
  toggle.checked = task.completed
  toggle.dataset.testid = 'task-toggle'
  toggle.title = 'Mark as done / not done'
  toggle.addEventListener('click', action(() => toggleTask(task.id)))

  const title = document.createElement('span')
  title.dataset.testid = 'task-title'
  title.textContent = task.title
  title.title = task.description ?? ''

  const rename = document.createElement('input')
  rename.type = 'text'
  rename.value = task.title
  rename.dataset.testid = 'task-rename-input'
  rename.setAttribute('aria-label', `New title for ${task.title}`)

  const save = document.createElement('button')
  save.type = 'button'
  save.textContent = 'Rename'
  save.dataset.testid = 'task-rename'
  save.addEventListener('click', action(() => renameTask(task.id, rename.value)))

  const remove = document.createElement('button')
  remove.type = 'button'
  remove.textContent = 'Delete'
  remove.dataset.testid = 'task-delete'
  remove.addEventListener('click', action(() => deleteTask(task.id)))

  li.append(toggle, title, rename, save, remove)
  return li
}

// ---------------------------------------------------------------------------------------------
// Operations (the contract's typed client)

async function createTask(title: string): Promise<void> {
  const current = requireSession()
  if (!current) return
  // No client-side checks on purpose: the mock's 422 (from the contract's schema) is the source of truth.
  const result = await call(() => api.POST('/api/{user_id}/tasks', { params: { path: { user_id: current.userId } }, body: { title } }))
  if (!result?.data) return
  ui.newTitle.value = ''
  if (await loadTasks()) showMessage('info', `Created "${result.data.title}"`)
}

async function renameTask(taskId: string, title: string): Promise<void> {
  const current = requireSession()
  if (!current) return
  const result = await call(() => api.PUT('/api/{user_id}/tasks/{task_id}', {
    params: { path: { user_id: current.userId, task_id: taskId } },
    body: { title },
  }))
  if (!result?.data) return
  if (await loadTasks()) showMessage('info', `Renamed to "${result.data.title}"`)
}

async function toggleTask(taskId: string): Promise<void> {
  const current = requireSession()
  if (!current) return
  const result = await call(() => api.PATCH('/api/{user_id}/tasks/{task_id}/complete', {
    params: { path: { user_id: current.userId, task_id: taskId } },
  }))
  // Re-render from the server's truth either way, so a refused toggle does not leave the box flipped.
  const ok = await loadTasks()
  if (result?.data && ok) showMessage('info', `"${result.data.title}" is ${result.data.completed ? 'done' : 'not done'}`)
}

async function deleteTask(taskId: string): Promise<void> {
  const current = requireSession()
  if (!current) return
  const result = await call(() => api.DELETE('/api/{user_id}/tasks/{task_id}', {
    params: { path: { user_id: current.userId, task_id: taskId } },
  }))
  if (!result) return
  if (await loadTasks()) showMessage('info', 'Deleted')
}

async function openTask(taskId: string): Promise<void> {
  const current = requireSession()
  if (!current) return
  const result = await call(() => api.GET('/api/{user_id}/tasks/{task_id}', {
    params: { path: { user_id: current.userId, task_id: taskId } },
  }))
  if (result?.data) showMessage('info', `Task "${result.data.title}" (${result.data.completed ? 'done' : 'not done'})`)
}

/** The signed-in user's token on ANOTHER user's path: the mock must refuse it (403). */
async function openOtherUsersTasks(otherUserId: string): Promise<void> {
  const current = requireSession()
  if (!current) return
  const result = await call(() => api.GET('/api/{user_id}/tasks', { params: { path: { user_id: otherUserId } } }))
  if (result?.data) showMessage('error', `Unexpectedly allowed: read ${result.data.count} task(s) of ${otherUserId}`, { status: result.response.status })
}

// ---------------------------------------------------------------------------------------------
// Boot

function describeExpiry(scenarios: Scenarios): string {
  const seconds = scenarios.get().tokenExpiresAfterSeconds
  return seconds === undefined ? 'off: tokens last their full lifetime (15 min)' : `on: tokens are refused ${seconds} s after they were issued`
}

async function main(): Promise<void> {
  const warnings: string[] = []
  // The issuer runs in the page (Ed25519 keys through WebCrypto); its iss/aud is this origin.
  const issuer = await createIssuer({ baseUrl: location.origin })
  // In the bundle, the contract loader is the build's embedded, already dereferenced contract.
  const validator = await createContractValidator()
  const mock = createMockHandlers({
    validator,
    issuer,
    seed: { users: SEED_USERS },
    validateResponses: true,
    warn: (message) => {
      warnings.push(message)
      console.warn(message)
    },
  })
  await setupWorker(...mock.handlers).start({
    serviceWorker: { url: '/mockServiceWorker.js' },
    onUnhandledRequest: 'bypass',
    quiet: true,
  })
  window.tckMock = { store: mock.store, scenarios: mock.scenarios, issuer, warnings }

  ui.signInForm.addEventListener('submit', (event) => {
    event.preventDefault()
    action(() => signIn(ui.userId.value.trim()))()
  })
  ui.signOut.addEventListener('click', action(async () => {
    setSession(undefined)
    showMessage('info', 'Signed out')
  }))
  ui.createForm.addEventListener('submit', (event) => {
    event.preventDefault()
    action(() => createTask(ui.newTitle.value))()
  })
  ui.refresh.addEventListener('click', action(async () => {
    await loadTasks()
  }))
  ui.openOtherUser.addEventListener('click', action(() => openOtherUsersTasks(ui.otherUserId.value.trim())))
  ui.openTask.addEventListener('click', action(() => openTask(ui.taskId.value.trim())))
  ui.scenarioState.textContent = describeExpiry(mock.scenarios)
  ui.applyExpiry.addEventListener('click', action(async () => {
    const raw = ui.expirySeconds.value.trim()
    const seconds = raw === '' ? undefined : Number(raw)
    if (seconds !== undefined && !(Number.isFinite(seconds) && seconds >= 0)) {
      showMessage('error', 'Enter a number of seconds (0 or more), or leave it empty to switch it off')
      return
    }
    mock.scenarios.set({ tokenExpiresAfterSeconds: seconds })
    ui.scenarioState.textContent = describeExpiry(mock.scenarios)
    showMessage('info', `Token expiry ${describeExpiry(mock.scenarios)}`)
  }))

  ui.app.dataset.ready = 'true'
}

main().catch((error: unknown) => {
  ui.bootError.hidden = false
  ui.bootError.textContent = `The mock could not start: ${error instanceof Error ? error.message : String(error)}`
  ui.app.dataset.ready = 'error'
  console.error(error)
})
