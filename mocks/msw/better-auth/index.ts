/**
 * Mock Better Auth (email + password, JWT plugin) for MSW: browser-safe, the accounts and session
 * in memory or in web storage. `createBrowserMockHandlers({ betterAuth })` / `startMockWorker` wire it.
 */
export { createMockBackend } from './create-mock-backend.ts'
export type { MockBackend, MockBackendOptions } from './create-mock-backend.ts'
export { AUTH_ERRORS, createMockAuth, MAX_PASSWORD_LENGTH, MIN_PASSWORD_LENGTH } from './mock-auth.ts'
export type { AuthErrorCode, AuthResult, MockAccount, MockAuth, MockAuthState, SessionView } from './mock-auth.ts'
export { createMockAuthHandlers } from './mock-auth-handlers.ts'
export type { MockAuthControls, MockAuthHandlers, MockAuthHandlersOptions } from './mock-auth-handlers.ts'
export { emptyMockState, loadMockState, MOCK_STATE_KEY, saveMockState } from './mock-state.ts'
export type { MockSession, MockStateStorage, MockUser, PersistedMockState } from './mock-state.ts'
export { PersistentTaskStore } from './persistent-task-store.ts'
