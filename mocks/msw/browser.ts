/**
 * BROWSER entry (`tasks-tck/msw/browser`): the mock Task API in a Service Worker, with everything it
 * needs bundled: the contract (as a module), its validator, and an in-memory simulated issuer. Free
 * of Node built-ins, so any bundler takes it as is (esbuild `--platform=browser`, no plugins).
 */
import { setupWorker, type SetupWorker } from 'msw/browser'
import { createBrowserMockHandlers, type BrowserMockHandlersOptions } from './create-browser-mock-handlers.ts'
import type { MockHandlers } from './create-mock-handlers.ts'

export * from './universal.ts'

/** Options of {@link startMockWorker}: the handlers' options (all optional) plus `setupWorker().start()`'s. */
export interface StartMockWorkerOptions extends BrowserMockHandlersOptions {
  /** Passed to `worker.start()`. Default `{ onUnhandledRequest: 'bypass' }` (assets, HMR, other APIs pass through). */
  start?: Parameters<SetupWorker['start']>[0]
}

/**
 * Starts the mock in the page with one call and resolves once the worker controls it. Copy msw's
 * worker script to the folder served at `/` first (`npx tck msw-init public/`: the script of the msw
 * this module runs, so the versions match). Defaults: see
 * `createBrowserMockHandlers` (bundled contract, in-memory issuer with `iss`/`aud` = the page's
 * origin; it serves `/api/auth/jwks` and `/api/auth/token?sub=…` in the page).
 *
 * ```ts
 * const mock = await startMockWorker({ seed: { users: ['user_alice'] } })
 * const token = await mock.issuer!.mint({ sub: 'user_alice' })
 * mock.scenarios.set({ latencyMs: 300 })
 * ```
 */
export async function startMockWorker(options: StartMockWorkerOptions = {}): Promise<MockHandlers & { worker: SetupWorker }> {
  const mock = await createBrowserMockHandlers(options)
  const worker = setupWorker(...mock.handlers)
  await worker.start(options.start ?? { onUnhandledRequest: 'bypass' })
  return { ...mock, worker }
}
