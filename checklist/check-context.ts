import type { Capability } from './checklist.ts'

/** Auth modes of `tck check`. */
export type AuthMode = 'jwks' | 'shared-secret' | 'better-auth'

/** One test user: its id (path `user_id` and token `sub`) and, in better-auth mode, its real token. */
export interface CheckUser {
  id: string
  token?: string
}

/**
 * Everything a check needs to know about the run, handed from `tck check` to the check files
 * through Vitest's `provide`/`inject` (so it is plain JSON).
 */
export interface CheckContext {
  /** What is checked: `reference` or the backend's URL. */
  target: string
  /** Where requests go, e.g. `http://127.0.0.1:8000`. */
  baseUrl: string
  /** The prefix that replaces the contract's `/api`, e.g. `/api` or `/v1`. */
  basePath: string
  capabilities: Capability[]
  auth: {
    mode: AuthMode
    /** jwks mode: the simulated issuer's base URL (mint, rotate, stats). */
    issuerUrl?: string
    /** shared-secret mode: the HS256 secret. */
    secret?: string
    /** better-auth mode: the Better Auth server's base URL. */
    betterAuthUrl?: string
    /** jwks mode: the issuer's never-reset JWKS fetch total when the run began (a reused issuer counts others too). */
    jwksFetchesAtStart?: number
    /** Claims profile of minted tokens: `iss`/`aud` values (absent → not put in tokens) and extra claims. */
    claims: { iss?: string; aud?: string; extra: Record<string, unknown> }
  }
  users: { a: CheckUser; b: CheckUser }
  /**
   * The users are this run's own (random ids, not --users, not Better Auth accounts): each check
   * file then acts as its own pair (ids suffixed with the file), so files can run side by side
   * without one seeing the tasks another creates (INPUT-002 counts a user's tasks, for one).
   */
  usersPerFile?: boolean
  /**
   * A twin of the target (same implementation and fault, its own issuer) for the key-handling
   * items, so their rotation, outage and fetch counts neither disturb nor are disturbed by the
   * other checks; in-process targets only (a backend by URL trusts one issuer).
   */
  keyTarget?: { baseUrl: string; issuerUrl: string; iss?: string; aud?: string }
  /**
   * The OpenAPI document whose operations the checks iterate; default the package's contract. Set
   * for a Prism target serving another document (bench/contract-scaling.ts measures with it).
   */
  contractPath?: string
  /** The frontend origin the backend must allow. */
  origin: string
  /** Warnings fail the run. */
  strict: boolean
  /** Slow checks run (JWKS cooldowns, larger volumes). */
  thorough: boolean
  /** Why a capability is missing when the reason is this run's, not the target's (e.g. `--no-cors`). */
  skipReasons?: Partial<Record<Capability, string>>
  /** The JSON body `PATCH …/complete` needs, for backends that set the flag from a body (`--toggle-body` or their OpenAPI). */
  toggleBody?: unknown
  /** The shape of the backend's task ids, learned by the preflight: unused ids are made alike. */
  idShape?: 'integer' | 'uuid' | 'other'
  /**
   * Operations the preflight found broken for a valid request (operationId → what it saw): an item
   * failing only through them is reported as blocked by that root cause, which SPEC-006 reports once.
   */
  blocked?: Record<string, string>
}

declare module 'vitest' {
  export interface ProvidedContext {
    tck: CheckContext
  }
}
