import { setupWorker, type SetupWorker } from 'msw/browser'
import { createMockHandlers, type MockHandlers, type MockHandlersOptions } from './create-mock-handlers.ts'

export * from './universal.ts'

/** Options of {@link startMockWorker}: the handlers' options plus `setupWorker().start()`'s. */
export interface StartMockWorkerOptions extends MockHandlersOptions {
  /** Passed to `worker.start()`. Default `{ onUnhandledRequest: 'bypass' }` (assets, HMR, other APIs pass through). */
  start?: Parameters<SetupWorker['start']>[0]
}

/**
 * BROWSER entry: runs the same handlers as Node in a Service Worker (`npx msw init public/` once).
 * The caller supplies the contract validator and an issuer (or `jwksUrl`): both are built from
 * modules that import Node built-ins today, so they cannot be created here.
 */
export async function startMockWorker(options: StartMockWorkerOptions): Promise<MockHandlers & { worker: SetupWorker }> {
  const mock = createMockHandlers(options)
  const worker = setupWorker(...mock.handlers)
  await worker.start(options.start ?? { onUnhandledRequest: 'bypass' })
  return { ...mock, worker }
}
