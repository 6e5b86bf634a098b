/**
 * BROWSER entry (`tasks-tck/msw/browser`): the mock Task API in a Service Worker, with everything it
 * needs bundled: the contract (as a module), its validator, and an in-memory simulated issuer. Free
 * of Node built-ins, so any bundler takes it as is (esbuild `--platform=browser`, no plugins).
 */
import { setupWorker, type SetupWorker } from 'msw/browser'
import type { MockAuthControls } from './better-auth/mock-auth-handlers.ts'
import {
  createBrowserMockHandlers,
  type BetterAuthMockOptions,
  type BrowserMockHandlers,
  type BrowserMockHandlersOptions,
} from './create-browser-mock-handlers.ts'

export * from './universal.ts'
export * from './better-auth/index.ts'
export type { BetterAuthMockOptions, BrowserMockHandlers } from './create-browser-mock-handlers.ts'

/** Options of {@link startMockWorker}: the handlers' options (all optional) plus `setupWorker().start()`'s. */
export interface StartMockWorkerOptions extends BrowserMockHandlersOptions {
  /** Passed to `worker.start()`. Default `{ onUnhandledRequest: 'bypass' }` (assets, HMR, other APIs pass through). */
  start?: Parameters<SetupWorker['start']>[0]
  /**
   * Also set the handle ({@link TckMockHandle}) as `window.tckMock`, so Playwright (`page.evaluate`)
   * or the console can steer the mock. Default false.
   */
  exposeOnWindow?: boolean
}

/** What {@link startMockWorker} resolves to: the mock's parts, the worker, and the drift warnings so far. */
export interface MockWorker extends BrowserMockHandlers {
  worker: SetupWorker
  /** Contract-drift and `Prefer` warnings, also passed on to `warn` (default `console.warn`). */
  warnings: string[]
}

/** `window.tckMock` with `exposeOnWindow: true` (the same objects as the {@link MockWorker}). */
export type TckMockHandle = Pick<MockWorker, 'store' | 'scenarios' | 'issuer' | 'auth' | 'warnings'>

/**
 * Starts the mock in the page with one call and resolves once the worker controls it. Copy msw's
 * worker script to the folder served at `/` first (`npx tck msw-init public/`: the script of the msw
 * this module runs, so the versions match). Defaults: see
 * `createBrowserMockHandlers` (bundled contract, in-memory issuer with `iss`/`aud` = the page's
 * origin; it serves `/api/auth/jwks` and `/api/auth/token?sub=…` in the page).
 *
 * With `betterAuth: true` (or its settings), the page needs no backend at all: the worker also
 * answers Better Auth at `<origin>/api/auth/*`, so `createAuthClient({ plugins: [jwtClient()] })`
 * signs up, signs in and gets its JWTs from the mock, and `auth` steers it.
 *
 * ```ts
 * const mock = await startMockWorker({ seed: { users: ['user_alice'] } })
 * const token = await mock.issuer!.mint({ sub: 'user_alice' })
 * mock.scenarios.set({ latencyMs: 300 })
 *
 * const app = await startMockWorker({ betterAuth: { storage: localStorage }, exposeOnWindow: true })
 * app.auth.setTokenTtlSeconds(5)
 * ```
 */
export async function startMockWorker(
  options: StartMockWorkerOptions & { betterAuth: true | BetterAuthMockOptions },
): Promise<MockWorker & { auth: MockAuthControls }>
export async function startMockWorker(options?: StartMockWorkerOptions): Promise<MockWorker>
export async function startMockWorker(options: StartMockWorkerOptions = {}): Promise<MockWorker> {
  const { start, exposeOnWindow, ...handlerOptions } = options
  const warnings: string[] = []
  const warn = handlerOptions.warn ?? ((message: string) => console.warn(message))
  const mock = await createBrowserMockHandlers({
    ...handlerOptions,
    warn: (message) => {
      warnings.push(message)
      warn(message)
    },
  })
  const worker = setupWorker(...mock.handlers)
  await worker.start(start ?? { onUnhandledRequest: 'bypass' })
  const result: MockWorker = { ...mock, worker, warnings }
  if (exposeOnWindow) {
    const handle: TckMockHandle = { store: mock.store, scenarios: mock.scenarios, issuer: mock.issuer, auth: mock.auth, warnings }
    ;(globalThis as { tckMock?: TckMockHandle }).tckMock = handle
  }
  return result
}
