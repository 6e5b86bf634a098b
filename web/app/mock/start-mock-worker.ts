/**
 * MOCK MODE ONLY (loaded with a dynamic import that the real build removes): starts the MSW worker
 * that answers both Better Auth (`/api/auth/*`) and the Task API in the page, with the simulated
 * issuer signing tokens through WebCrypto. State is kept in localStorage (`tck-mock-state`).
 */
import { setupWorker } from 'msw/browser'
import { createContractValidator } from '../../../contracts/contract-schemas.ts'
import { createIssuer } from '../../../mocks/issuer/create-issuer.ts'
import type { Scenarios } from '../../../mocks/msw/universal.ts'
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
  // Issuer keys are not persisted: tokens live in the app's memory only, so a reload fetches a
  // new one (signed with the new key) anyway.
  const issuer = await createIssuer({ baseUrl: location.origin })
  // The build swaps the contract loader for the embedded, dereferenced contract.
  const validator = await createContractValidator()
  const backend = createMockBackend({ origin: location.origin, validator, issuer, storage: window.localStorage, ...options })
  await setupWorker(...backend.handlers).start({
    serviceWorker: { url: '/mockServiceWorker.js' },
    onUnhandledRequest: 'bypass',
    quiet: true,
  })
  const handle: TckMockHandle = { store: backend.store, scenarios: backend.scenarios, auth: backend.auth, warnings: backend.warnings }
  // Not a `declare global`: mocks/msw-browser/app.ts already types `window.tckMock` its own way.
  ;(window as unknown as { tckMock: TckMockHandle }).tckMock = handle
  document.documentElement.dataset.tckMock = 'ready'
  return handle
}
