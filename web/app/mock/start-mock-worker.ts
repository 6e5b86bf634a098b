/**
 * MOCK MODE ONLY (loaded with a dynamic import that the real build removes): starts the MSW worker
 * that answers both Better Auth (`/api/auth/*`) and the Task API in the page, through the package's
 * browser entry (`tasks-tck/msw/browser`): its bundled contract, and its in-memory issuer signing
 * tokens through WebCrypto. State is kept in localStorage (`tck-mock-state`).
 */
import { startMockWorker as startTaskApiWorker, type Scenarios } from '../../../mocks/msw/browser.ts'
import { createMockBackend } from './create-mock-backend.ts'
import type { MockAuthControls } from './mock-auth-handlers.ts'
import type { PersistentTaskStore } from './persistent-task-store.ts'

/** What the page exposes as `window.tckMock`, so Playwright can steer the mock. */
export interface TckMockHandle {
  store: PersistentTaskStore
  scenarios: Scenarios
  auth: MockAuthControls
  warnings: string[]
}

declare global {
  interface Window {
    /** Set by the mock build once its worker controls the page. */
    tckMock?: TckMockHandle
  }
}

/**
 * Starts the worker and resolves once it controls the page, so the app's first `get-session` is
 * already answered by the mock. Then sets `window.tckMock` and `<html data-tck-mock="ready">`
 * (`"error"` when it could not start).
 */
export async function startMockWorker(options: { tokenTtlSeconds?: number } = {}): Promise<TckMockHandle> {
  try {
    return await start(options)
  } catch (error) {
    // Tests waiting for "ready" fail fast instead of timing out.
    document.documentElement.dataset.tckMock = 'error'
    throw error
  }
}

async function start(options: { tokenTtlSeconds?: number }): Promise<TckMockHandle> {
  const backend = createMockBackend({ origin: location.origin, storage: window.localStorage, ...options })
  // The issuer is the entry's default (keys in memory, iss/aud = this origin). Its keys are not
  // persisted: tokens live in the app's memory only, so a reload fetches a new one anyway.
  const mock = await startTaskApiWorker({
    ...backend.options,
    start: { serviceWorker: { url: '/mockServiceWorker.js' }, onUnhandledRequest: 'bypass', quiet: true },
  })
  const handle: TckMockHandle = { store: backend.store, scenarios: mock.scenarios, auth: backend.auth, warnings: backend.warnings }
  window.tckMock = handle
  document.documentElement.dataset.tckMock = 'ready'
  return handle
}
