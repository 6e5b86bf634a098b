import type { MockHandlersOptions, MockParts } from '../create-mock-handlers.ts'
import type { HttpHandler } from 'msw'
import { createMockAuth, type MockAuth } from './mock-auth.ts'
import { createMockAuthHandlers, type MockAuthControls } from './mock-auth-handlers.ts'
import { loadMockState, MOCK_STATE_KEY, saveMockState, type MockStateStorage } from './mock-state.ts'
import { PersistentTaskStore } from './persistent-task-store.ts'

/** Options of {@link createMockBackend}. */
export interface MockBackendOptions {
  /** Origin of the app: mock Better Auth answers `<origin>/api/auth/*`, the Task API `<origin>/api/...`. */
  origin: string
  /** Where the state persists (`localStorage` in the page); omitted: memory only. */
  storage?: MockStateStorage
  /** Lifetime of minted JWTs. Default 900. */
  tokenTtlSeconds?: number
}

/** The whole mock backend, before it runs: the mock's options plus the objects that steer it. */
export interface MockBackend {
  /**
   * For `startMockWorker` (the page) or `createMockHandlers` (Node tests, with a validator and an
   * issuer): the Task API at `origin` over {@link MockBackend.store}, checked against the contract,
   * with mock Better Auth's handlers first, signing with the mock's issuer (whose `iss`/`aud` must
   * be `origin`, as Better Auth's are: the browser default is the page's origin).
   */
  options: Omit<MockHandlersOptions, 'validator'>
  /** Mock Better Auth's handlers alone (a `before` function), for callers that build their own options. */
  authHandlers(mock: MockParts): HttpHandler[]
  store: PersistentTaskStore
  auth: MockAuthControls
  /** The accounts and the session (to add ready-made accounts). */
  accounts: MockAuth
  /** Whether `storage` held a state (users, session, tasks) that was restored. */
  restored: boolean
  /** Contract-drift warnings of the Task API handlers; empty while every answer conforms. */
  warnings: string[]
}

/**
 * Mock Better Auth and the mock Task API over one state, restored from `storage` and saved back
 * to it after every change. Free of Node built-ins and of DOM access, so the browser worker and
 * Node tests (msw/node) run the same thing.
 */
export function createMockBackend(options: MockBackendOptions): MockBackend {
  const restored = hasState(options.storage)
  const state = loadMockState(options.storage)
  // Both halves save the whole state: users + session come from `state`, tasks from the store.
  const save = () => saveMockState(options.storage, { ...state, tasks: store.snapshot() })
  const store: PersistentTaskStore = new PersistentTaskStore(save)
  store.restore(state.tasks)
  const accounts = createMockAuth(state, save)
  const authMock = createMockAuthHandlers({
    auth: accounts,
    origin: options.origin,
    ...(options.tokenTtlSeconds === undefined ? {} : { tokenTtlSeconds: options.tokenTtlSeconds }),
  })
  const warnings: string[] = []
  return {
    options: {
      baseUrl: options.origin,
      store,
      before: authMock.handlers,
      // The issuer's own dev routes (`/api/auth/token?sub=ANY`) would hand out tokens without a
      // session; mock Better Auth serves /api/auth/token and /jwks instead.
      serveIssuer: false,
      validateResponses: true,
      warn: (message) => {
        warnings.push(message)
        console.warn(message)
      },
    },
    authHandlers: authMock.handlers,
    store,
    auth: authMock.controls,
    accounts,
    restored,
    warnings,
  }
}

/** Whether `storage` holds a readable state entry (an unreadable one starts empty, as a fresh mock). */
function hasState(storage: MockStateStorage | undefined): boolean {
  try {
    return Boolean(storage?.getItem(MOCK_STATE_KEY))
  } catch {
    return false
  }
}
