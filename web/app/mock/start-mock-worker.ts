/**
 * MOCK MODE ONLY (loaded with a dynamic import that the real build removes): starts the MSW worker
 * that answers both Better Auth (`/api/auth/*`) and the Task API in the page, through the package's
 * browser entry (`tasks-tck/msw/browser` with `betterAuth`): its bundled contract, its mock Better
 * Auth, and its in-memory issuer signing tokens through WebCrypto. State is kept in localStorage
 * (`tck-mock-state`).
 */
import { startMockWorker as startPackageWorker, type TckMockHandle } from '../../../mocks/msw/browser.ts'

/**
 * Starts the worker and resolves once it controls the page, so the app's first `get-session` is
 * already answered by the mock. Then sets `window.tckMock` (Playwright steers the mock through it)
 * and `<html data-tck-mock="ready">` (`"error"` when it could not start).
 */
export async function startMockWorker(options: { tokenTtlSeconds?: number } = {}): Promise<TckMockHandle> {
  try {
    // The issuer is the entry's default (keys in memory, iss/aud = this origin). Its keys are not
    // persisted: tokens live in the app's memory only, so a reload fetches a new one anyway.
    const mock = await startPackageWorker({
      baseUrl: location.origin,
      betterAuth: { storage: window.localStorage, ...options },
      validateResponses: true,
      exposeOnWindow: true,
      start: { serviceWorker: { url: '/mockServiceWorker.js' }, onUnhandledRequest: 'bypass', quiet: true },
    })
    document.documentElement.dataset.tckMock = 'ready'
    return mock
  } catch (error) {
    // Tests waiting for "ready" fail fast instead of timing out.
    document.documentElement.dataset.tckMock = 'error'
    throw error
  }
}
