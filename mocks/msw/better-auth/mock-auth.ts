import type { MockSession, MockUser } from './mock-state.ts'

/** Better Auth's error bodies (`{ code, message }`, codes from @better-auth/core BASE_ERROR_CODES). */
export const AUTH_ERRORS = {
  INVALID_EMAIL: { status: 400, message: 'Invalid email' },
  PASSWORD_TOO_SHORT: { status: 400, message: 'Password too short' },
  PASSWORD_TOO_LONG: { status: 400, message: 'Password too long' },
  USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL: { status: 422, message: 'User already exists. Use another email.' },
  INVALID_EMAIL_OR_PASSWORD: { status: 401, message: 'Invalid email or password' },
  UNAUTHORIZED: { status: 401, message: 'Unauthorized' },
} as const

/** A code of {@link AUTH_ERRORS}. */
export type AuthErrorCode = keyof typeof AUTH_ERRORS

// Close to the zod check Better Auth uses (a dot in the domain, a top-level part of 2+ characters).
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@.]{2,}$/

/** Better Auth's defaults for email + password accounts. */
export const MIN_PASSWORD_LENGTH = 8
export const MAX_PASSWORD_LENGTH = 128
const SESSION_DAYS = 7

/** A user and session as Better Auth's `get-session` returns them. */
export interface SessionView {
  session: MockSession & { ipAddress: null; userAgent: null }
  user: { id: string; name: string; email: string; emailVerified: false; image: null; createdAt: string; updatedAt: string }
}

/** A ready-made account of the mock (`betterAuth.accounts`): `id` lets seeded tasks belong to it. */
export interface MockAccount {
  /** Default: `user_` + 24 random hex digits, as sign-up makes. */
  id?: string
  email: string
  password: string
  name?: string
}

/** The outcome of an auth operation: a value, or a Better Auth error code. */
export type AuthResult<T> = { ok: true; value: T } | { ok: false; code: AuthErrorCode }

/** The mutable part of the mock state the auth logic works on. */
export interface MockAuthState {
  users: MockUser[]
  session: MockSession | null
}

/**
 * Email + password accounts with one current session, following Better Auth's rules: emails are
 * stored lower-cased; a failed sign-in is the same `INVALID_EMAIL_OR_PASSWORD` whether the account
 * is missing or the password is wrong (and both hash a password, as Better Auth does, so neither
 * answers faster). `save` is called after every change.
 */
export function createMockAuth(state: MockAuthState, save: () => void, now: () => number = Date.now) {
  const view = (session: MockSession): SessionView | null => {
    const user = state.users.find((u) => u.id === session.userId)
    if (!user) return null
    const { passwordHash: _hash, salt: _salt, ...publicUser } = user
    return { session: { ...session, ipAddress: null, userAgent: null }, user: { ...publicUser, emailVerified: false, image: null } }
  }
  const startSession = (userId: string): SessionView => {
    const at = new Date(now()).toISOString()
    const expiresAt = new Date(now() + SESSION_DAYS * 86_400_000).toISOString()
    state.session = { id: randomId(12), token: randomId(24), userId, createdAt: at, updatedAt: at, expiresAt }
    save()
    return view(state.session)!
  }

  return {
    async signUp(input: { name?: unknown; email?: unknown; password?: unknown }): Promise<AuthResult<SessionView>> {
      const email = typeof input.email === 'string' ? input.email.trim().toLowerCase() : ''
      if (!EMAIL.test(email)) return { ok: false, code: 'INVALID_EMAIL' }
      const password = typeof input.password === 'string' ? input.password : ''
      if (password.length < MIN_PASSWORD_LENGTH) return { ok: false, code: 'PASSWORD_TOO_SHORT' }
      if (password.length > MAX_PASSWORD_LENGTH) return { ok: false, code: 'PASSWORD_TOO_LONG' }
      const salt = randomId(8)
      const passwordHash = await digest(salt, password)
      if (state.users.some((u) => u.email === email)) return { ok: false, code: 'USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL' }
      const at = new Date(now()).toISOString()
      const name = typeof input.name === 'string' ? input.name : ''
      state.users.push({ id: `user_${randomId(12)}`, name, email, passwordHash, salt, createdAt: at, updatedAt: at })
      return { ok: true, value: startSession(state.users.at(-1)!.id) }
    },

    async signIn(input: { email?: unknown; password?: unknown }): Promise<AuthResult<SessionView>> {
      const email = typeof input.email === 'string' ? input.email.trim().toLowerCase() : ''
      if (!EMAIL.test(email)) return { ok: false, code: 'INVALID_EMAIL' }
      const password = typeof input.password === 'string' ? input.password : ''
      const user = state.users.find((u) => u.email === email)
      const hash = await digest(user?.salt ?? 'no-such-user', password)
      if (!user || hash !== user.passwordHash) return { ok: false, code: 'INVALID_EMAIL_OR_PASSWORD' }
      return { ok: true, value: startSession(user.id) }
    },

    /**
     * Adds an account without signing in (a mock's ready-made users). An account whose email or id
     * already exists (restored from storage) is left as it is. Resolves to the account's id.
     */
    async addAccount(input: MockAccount): Promise<string> {
      const email = input.email.trim().toLowerCase()
      if (!EMAIL.test(email)) throw new Error(`Mock Better Auth: ${JSON.stringify(input.email)} is no valid email`)
      if (input.password.length < MIN_PASSWORD_LENGTH || input.password.length > MAX_PASSWORD_LENGTH) {
        throw new Error(`Mock Better Auth: the password of ${email} needs ${MIN_PASSWORD_LENGTH} to ${MAX_PASSWORD_LENGTH} characters`)
      }
      const existing = state.users.find((u) => u.email === email || (input.id !== undefined && u.id === input.id))
      if (existing) return existing.id
      const salt = randomId(8)
      const passwordHash = await digest(salt, input.password)
      const at = new Date(now()).toISOString()
      const id = input.id ?? `user_${randomId(12)}`
      state.users.push({ id, name: input.name ?? '', email, passwordHash, salt, createdAt: at, updatedAt: at })
      save()
      return id
    },

    /** The current session, or null (none, expired, or its user is gone). */
    current(): SessionView | null {
      const { session } = state
      if (!session || Date.parse(session.expiresAt) <= now()) return null
      return view(session)
    },

    /** Ends the current session (sign-out, or a server-side revocation). */
    endSession(): void {
      if (state.session === null) return
      state.session = null
      save()
    },
  }
}

/** The auth logic of one mock: see {@link createMockAuth}. */
export type MockAuth = ReturnType<typeof createMockAuth>

/** `bytes` random bytes as lower-case hex. */
function randomId(bytes: number): string {
  const values = globalThis.crypto.getRandomValues(new Uint8Array(bytes))
  return [...values].map((b) => b.toString(16).padStart(2, '0')).join('')
}

async function digest(salt: string, password: string): Promise<string> {
  const data = new TextEncoder().encode(`${salt}:${password}`)
  const hash = await globalThis.crypto.subtle.digest('SHA-256', data)
  return [...new Uint8Array(hash)].map((b) => b.toString(16).padStart(2, '0')).join('')
}
