/**
 * The persisted state of the mock (MOCK MODE ONLY): users, the current session and the tasks,
 * as JSON under one web-storage key, so a reload keeps the session and the tasks. The real app
 * keeps nothing in web storage: its session is Better Auth's HttpOnly cookie, its tokens live in
 * memory only.
 */
import type { Task } from '../task-store.ts'

/** The localStorage key of the mock state. */
export const MOCK_STATE_KEY = 'tck-mock-state'

/** A mock account. The password is kept as a salted SHA-256 digest, never in clear. */
export interface MockUser {
  id: string
  name: string
  /** Lower-cased, as Better Auth stores it. */
  email: string
  passwordHash: string
  salt: string
  createdAt: string
  updatedAt: string
}

/** The one browser session of the mock (a page is one browser; there is no cookie jar to tell apart). */
export interface MockSession {
  id: string
  token: string
  userId: string
  createdAt: string
  updatedAt: string
  expiresAt: string
}

/** Everything a reload must find again. */
export interface PersistedMockState {
  version: 1
  users: MockUser[]
  session: MockSession | null
  tasks: Task[]
}

/** The part of `Storage` the mock uses; tests pass a plain object. */
export interface MockStateStorage {
  getItem(key: string): string | null
  setItem(key: string, value: string): void
}

/** A fresh, empty state. */
export function emptyMockState(): PersistedMockState {
  return { version: 1, users: [], session: null, tasks: [] }
}

/**
 * Reads the state; an absent, unreadable or foreign-version entry gives an empty state (a mock
 * must start, whatever an older build left behind).
 */
export function loadMockState(storage: MockStateStorage | undefined): PersistedMockState {
  let text: string | null = null
  try {
    text = storage?.getItem(MOCK_STATE_KEY) ?? null
  } catch {
    // Storage can throw (disabled cookies/site data): run with an empty, unsaved state.
  }
  if (!text) return emptyMockState()
  try {
    const parsed = JSON.parse(text) as Partial<PersistedMockState>
    if (parsed.version !== 1 || !Array.isArray(parsed.users) || !Array.isArray(parsed.tasks)) return emptyMockState()
    return { version: 1, users: parsed.users, session: parsed.session ?? null, tasks: parsed.tasks }
  } catch {
    return emptyMockState()
  }
}

/** Writes the state; a full or disabled storage is ignored (the mock keeps working in memory). */
export function saveMockState(storage: MockStateStorage | undefined, state: PersistedMockState): void {
  try {
    storage?.setItem(MOCK_STATE_KEY, JSON.stringify(state))
  } catch {
    // Quota exceeded or storage disabled: persistence is a convenience, not a requirement.
  }
}
