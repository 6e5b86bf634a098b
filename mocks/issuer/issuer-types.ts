import type { JWTPayload } from 'jose'
import type { HostileTokenKind } from './hostile-token-kinds.ts'
import type { PublicJwks } from './key-ring.ts'
import type { IssuerAlgorithm } from './signing-key.ts'
import type { ServerTimeouts } from '../../shared/http/server-timeouts.ts'

/** Registered claims `mint` can leave out, to build tokens that lack one. */
export type OmittableClaim = 'iss' | 'aud' | 'exp' | 'iat' | 'sub'

/** Claims for a minted token; anything given overrides the defaults. */
export interface MintClaims extends JWTPayload {
  /** User id. Default `'user_alice'`. */
  sub?: string
  /** Default `${sub}@example.test`. */
  email?: string
}

/** Per-token options for `mint` / `mintWithSecret`. */
export interface MintOptions {
  /** Extra or overriding protected-header members. `crit` is refused by jose; use `mintHostile('unknown-crit')`. */
  header?: Record<string, unknown>
  /** Registered claims to drop from the default payload. */
  omit?: readonly OmittableClaim[]
  /** Token lifetime in seconds (`exp - iat`). Default: the issuer's `tokenTtlSeconds` (900). */
  expiresInSeconds?: number
}

/**
 * How the JWKS fails during an outage: `reset` destroys the connection (the issuer is unreachable),
 * `503` answers 503 Service Unavailable (the issuer is up but failing).
 */
export type JwksOutageMode = 'reset' | '503'

/** Exposure settings of the issuer's HTTP server (security review F6, F12). */
export interface IssuerServerOptions {
  /** The address the server binds: the Host rule applies on loopback. Default `127.0.0.1`. */
  bindHost?: string
  /** `ALLOWED_HOSTS`: further host names served. Default none. */
  allowedHosts?: readonly string[]
  /** Names the issuer publishes itself (an explicit base URL's host). Default none. */
  ownHosts?: readonly string[]
  /** Request, header and keep-alive timeouts. Default `DEFAULT_SERVER_TIMEOUTS` (30 s, 10 s, 5 s). */
  timeouts?: ServerTimeouts
}

/** Where `listen()` binds the issuer's HTTP server, and its exposure settings. */
export interface ListenOptions extends Pick<IssuerServerOptions, 'allowedHosts' | 'timeouts'> {
  /** TCP port; 0 picks a free one. Default 0. */
  port?: number
  /** Bind address. Default `'127.0.0.1'`. */
  host?: string
}

/** A running issuer HTTP server. */
export interface IssuerListener {
  /** `http://<host>:<port>` of the listening socket, no trailing slash. */
  url: string
  /** Stops listening and drops open connections; safe to call twice. */
  close(): Promise<void>
}

/** A simulated Better Auth JWT-plugin issuer: keys, JWKS, token minting, hostile tokens, HTTP. */
export interface Issuer {
  /** Issuer URL without trailing slash; set by `listen()` unless given explicitly. Default `http://127.0.0.1:3000`. */
  readonly baseUrl: string
  /** `iss` of minted tokens (= baseUrl, as Better Auth does). */
  readonly issuer: string
  /** `aud` of minted tokens (= baseUrl, as Better Auth does). */
  readonly audience: string
  readonly alg: IssuerAlgorithm
  readonly currentKid: string
  /** HTTP fetches of the JWKS endpoint since creation or the last reset; `jwks()` calls do not count. */
  readonly jwksFetchCount: number
  /**
   * Every JWKS fetch since creation, never reset: 0 while a backend accepts this issuer's tokens
   * means the backend got the keys elsewhere (another issuer with the same keys, an old cache).
   */
  readonly jwksFetchTotal: number
  /** How the JWKS fails right now, or `undefined` while it is served (see {@link Issuer.takeJwksDown}). */
  readonly jwksOutage: JwksOutageMode | undefined
  /**
   * Takes the JWKS down for `ms` milliseconds (fetches fail as `mode`, default `reset`, and are
   * still counted); it comes back by itself afterwards. `ms` 0 ends an outage at once.
   */
  takeJwksDown(ms: number, mode?: JwksOutageMode): void
  /** Public keys: current plus retired keys inside their grace period. */
  jwks(): PublicJwks
  /** Counts one JWKS fetch; for transports other than `listen()` (e.g. MSW handlers) that serve `jwks()`. */
  recordJwksFetch(): void
  resetJwksFetchCount(): void
  /** Signs a token with the current key: header `{alg, kid, typ: 'JWT'}`, payload iss/aud/sub/email/iat/exp. */
  mint(claims?: MintClaims, opts?: MintOptions): Promise<string>
  /** Mints a token of a hostile kind (see HOSTILE_TOKEN_KINDS) for `sub` (default `'user_alice'`). */
  mintHostile(kind: HostileTokenKind, opts?: { sub?: string; listenerUrl?: string }): Promise<string>
  /** HS256 token with the same default payload, for shared-secret setups. */
  mintWithSecret(secret: string, claims?: MintClaims, opts?: MintOptions): Promise<string>
  /** Rotates the signing key; the previous one stays in the JWKS for the grace period. */
  rotate(): Promise<{ kid: string; previousKid: string }>
  /** Serves the issuer over HTTP (see issuer-server.ts for the routes). */
  listen(opts?: ListenOptions): Promise<IssuerListener>
}
