import { compileContractValidator, type ContractValidator } from '../../contracts/contract-validator.ts'
import { createInMemoryIssuer } from '../issuer/simulated-issuer.ts'
import { createMockBackend } from './better-auth/create-mock-backend.ts'
import type { MockAccount } from './better-auth/mock-auth.ts'
import type { MockAuthControls } from './better-auth/mock-auth-handlers.ts'
import type { MockStateStorage } from './better-auth/mock-state.ts'
import { createMockHandlers, type MockHandlers, type MockHandlersOptions, type MockParts } from './create-mock-handlers.ts'

/** Settings of the mock Better Auth (`betterAuth: { … }`); `betterAuth: true` takes every default. */
export interface BetterAuthMockOptions {
  /**
   * Origin Better Auth is mounted on: the handlers answer `<origin>/api/auth/*`, and the tokens'
   * `iss`/`aud` are this origin, as Better Auth's JWT plugin makes them. Default: the page's origin
   * (`http://127.0.0.1:3000` where there is no page).
   */
  origin?: string
  /** Lifetime of the JWTs of `GET /api/auth/token`. Default 900 (Better Auth's 15 minutes). */
  tokenTtlSeconds?: number
  /**
   * Where the accounts, the session and the tasks persist across reloads (`window.localStorage`,
   * key `tck-mock-state`); omitted: memory only, a reload starts empty. When a state is restored,
   * `seed` is not applied again.
   */
  storage?: MockStateStorage
  /** Ready-made accounts (sign in without signing up); give `id`s to own the `seed` tasks. */
  accounts?: readonly MockAccount[]
}

/** Options of {@link createBrowserMockHandlers}: those of `createMockHandlers`, with the validator optional. */
export type BrowserMockHandlersOptions = Omit<MockHandlersOptions, 'validator'> & {
  /** Default: `compileContractValidator()`, over the contract bundled as a module (no file access). */
  validator?: ContractValidator
  /**
   * Also answer Better Auth's email + password and JWT plugin endpoints (`sign-up/email`,
   * `sign-in/email`, `get-session`, `sign-out`, `token`, `jwks` under `<origin>/api/auth`) with the
   * shapes `better-auth/client` expects, the tokens signed by the mock's issuer. The task store is
   * then the mock's own (no `store`), and the issuer's dev routes are not served. Default: off.
   */
  betterAuth?: boolean | BetterAuthMockOptions
}

/** What {@link createBrowserMockHandlers} returns: the mock, and mock Better Auth's controls when on. */
export interface BrowserMockHandlers extends MockHandlers {
  /** Mock Better Auth's controls (`betterAuth` on); `undefined` otherwise. */
  auth: MockAuthControls | undefined
}

/**
 * `createMockHandlers` with defaults that need neither files nor Node built-ins, so it runs in a
 * browser page (and in Node alike): the validator compiled from the bundled contract and, when no
 * `issuer`, `jwksUrl` or `verifier` is given, a fresh in-memory simulated issuer whose `iss`/`aud`
 * is the page's origin (`location.origin`; `http://127.0.0.1:3000` where there is no page).
 *
 * ```ts
 * const mock = await createBrowserMockHandlers({ seed: { users: ['user_alice'] } })
 * const token = await mock.issuer!.mint({ sub: 'user_alice' })
 * ```
 */
export async function createBrowserMockHandlers(options: BrowserMockHandlersOptions = {}): Promise<BrowserMockHandlers> {
  const { betterAuth, ...rest } = options
  const validator = rest.validator ?? compileContractValidator()
  const origin = globalThis.location?.origin
  // An opaque origin ("null": a file:// page, a sandboxed frame) is no URL to put in `iss`.
  const pageOrigin = origin && origin !== 'null' ? origin : undefined
  if (betterAuth) return withBetterAuth({ ...rest, validator }, betterAuth === true ? {} : betterAuth, pageOrigin)
  const needsIssuer = !rest.issuer && !rest.jwksUrl && !rest.verifier
  const issuer = needsIssuer ? await createInMemoryIssuer(pageOrigin ? { baseUrl: pageOrigin } : {}) : rest.issuer
  return { ...createMockHandlers({ ...rest, validator, ...(issuer && { issuer }) }), auth: undefined }
}

async function withBetterAuth(options: MockHandlersOptions, settings: BetterAuthMockOptions, pageOrigin: string | undefined): Promise<BrowserMockHandlers> {
  if (options.jwksUrl || options.verifier) throw new Error("betterAuth: mock Better Auth signs with the mock's own issuer; give no jwksUrl or verifier")
  if (options.store) throw new Error('betterAuth: mock Better Auth keeps its own task store (persisted with `storage`); give no store')
  const origin = (settings.origin ?? pageOrigin ?? 'http://127.0.0.1:3000').replace(/\/+$/, '')
  const issuer = options.issuer ?? (await createInMemoryIssuer({ baseUrl: origin }))
  const backend = createMockBackend({
    origin,
    ...(settings.storage && { storage: settings.storage }),
    ...(settings.tokenTtlSeconds !== undefined && { tokenTtlSeconds: settings.tokenTtlSeconds }),
  })
  for (const account of settings.accounts ?? []) await backend.accounts.addAccount(account)
  const { seed, before } = options
  const mock = createMockHandlers({
    ...options,
    issuer,
    store: backend.store,
    // Seeded once: a state restored from `storage` already holds the tasks (and the user's changes).
    seed: backend.restored ? undefined : seed,
    // The issuer's dev routes (`/api/auth/token?sub=ANY`) would hand out tokens without a session.
    serveIssuer: false,
    before: (parts: MockParts) => [...backend.authHandlers(parts), ...(typeof before === 'function' ? before(parts) : (before ?? []))],
  })
  return { ...mock, auth: backend.auth }
}
