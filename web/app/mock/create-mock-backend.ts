import type { HttpHandler } from 'msw'
import type { ContractValidator } from '../../../contracts/contract-schemas.ts'
import type { Issuer } from '../../../mocks/issuer/issuer-types.ts'
import { createMockHandlers, type Scenarios } from '../../../mocks/msw/universal.ts'
import { createMockAuth } from './mock-auth.ts'
import { createMockAuthHandlers, type MockAuthControls } from './mock-auth-handlers.ts'
import { loadMockState, saveMockState, type MockStateStorage } from './mock-state.ts'
import { PersistentTaskStore } from './persistent-task-store.ts'

/** Options of {@link createMockBackend}. */
export interface MockBackendOptions {
  /** Origin of the app: mock Better Auth answers `<origin>/api/auth/*`, the Task API `<origin>/api/...`. */
  origin: string
  /** Validator of the dereferenced contract (in the browser: built from the embedded contract). */
  validator: ContractValidator
  /** The simulated issuer; its `iss`/`aud` must be `origin`, as Better Auth's are. */
  issuer: Issuer
  /** Where the state persists (`localStorage` in the page); omitted: memory only. */
  storage?: MockStateStorage
  /** Lifetime of minted JWTs. Default 900. */
  tokenTtlSeconds?: number
}

/** The whole mock backend: MSW handlers plus the objects that steer it. */
export interface MockBackend {
  /** Auth handlers first, then the Task API's. */
  handlers: HttpHandler[]
  store: PersistentTaskStore
  scenarios: Scenarios
  auth: MockAuthControls
  /** Contract-drift warnings of the Task API handlers; empty while every answer conforms. */
  warnings: string[]
}

/**
 * Builds mock Better Auth and the mock Task API over one state, restored from `storage` and saved
 * back to it after every change. Free of Node built-ins and of DOM access, so the browser worker and
 * Node tests (msw/node) run the same thing.
 */
export function createMockBackend(options: MockBackendOptions): MockBackend {
  const state = loadMockState(options.storage)
  // Both halves save the whole state: users + session come from `state`, tasks from the store.
  const save = () => saveMockState(options.storage, { ...state, tasks: store.snapshot() })
  const store: PersistentTaskStore = new PersistentTaskStore(save)
  store.restore(state.tasks)
  const auth = createMockAuth(state, save)
  const warnings: string[] = []
  const mock = createMockHandlers({
    validator: options.validator,
    issuer: options.issuer,
    baseUrl: options.origin,
    store,
    // The issuer's own dev routes (`/api/auth/token?sub=ANY`) would hand out tokens without a
    // session; mock Better Auth serves /api/auth/token and /jwks instead.
    serveIssuer: false,
    validateResponses: true,
    warn: (message) => {
      warnings.push(message)
      console.warn(message)
    },
  })
  const authMock = createMockAuthHandlers({
    auth,
    issuer: options.issuer,
    origin: options.origin,
    scenarios: mock.scenarios,
    ...(options.tokenTtlSeconds === undefined ? {} : { tokenTtlSeconds: options.tokenTtlSeconds }),
  })
  return { handlers: [...authMock.handlers, ...mock.handlers], store, scenarios: mock.scenarios, auth: authMock.controls, warnings }
}
