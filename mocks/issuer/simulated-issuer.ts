import { SignJWT } from 'jose'
import type { CryptoKey, JWTHeaderParameters, JWTPayload } from 'jose'
import { mintHostile } from './hostile-tokens.ts'
import type { BaseClaims, HostileTokenKind } from './hostile-tokens.ts'
import type { Issuer, IssuerListener, JwksOutageMode, ListenOptions, MintClaims, MintOptions } from './issuer-types.ts'
import { KeyRing, type PublicJwks } from './key-ring.ts'
import type { IssuerAlgorithm } from './signing-key.ts'

/** Options of {@link createInMemoryIssuer} (and, with `stateDir`, of the Node `createIssuer`). */
export interface SimulatedIssuerOptions {
  /** Signing algorithm. Default `'EdDSA'` (Ed25519, Better Auth's default). */
  alg?: IssuerAlgorithm
  /** Issuer URL used as `iss` and `aud`; trailing slashes are dropped. Default: set by `listen()`, else `http://127.0.0.1:3000`. */
  baseUrl?: string
  /** Seconds a rotated-out key stays in the JWKS. Default 900. */
  graceSeconds?: number
  /** Lifetime of minted tokens in seconds. Default 900 (Better Auth's 15 minutes). */
  tokenTtlSeconds?: number
  /** Clock in epoch milliseconds. Default `Date.now`. */
  now?: () => number
}

/** Serves `issuer` over HTTP for `listen()`; `ownHosts` are the names its explicit base URL gives it. */
export type ServeIssuer = (issuer: Issuer, options: ListenOptions, ownHosts: string[]) => Promise<IssuerListener>

/**
 * A simulated Better Auth JWT-plugin issuer with its keys in memory (jose over WebCrypto), for a
 * browser page or a test: everything but `listen()`, which needs Node (`createIssuer()` there).
 */
export async function createInMemoryIssuer(options: SimulatedIssuerOptions = {}): Promise<Issuer> {
  const keys = await KeyRing.create({
    ...(options.alg === undefined ? {} : { alg: options.alg }),
    ...(options.graceSeconds === undefined ? {} : { graceSeconds: options.graceSeconds }),
    ...(options.now === undefined ? {} : { now: options.now }),
  })
  return new SimulatedIssuer(keys, options)
}

/**
 * The issuer itself: minting, JWKS, rotation, outages. Browser-safe; serving it over HTTP is the
 * optional `serve` given by the Node factory.
 */
export class SimulatedIssuer implements Issuer {
  readonly #store: KeyRing
  readonly #serve: ServeIssuer | undefined
  readonly #explicitBaseUrl: boolean
  readonly #ttl: number
  readonly #now: () => number
  #baseUrl: string
  #jwksFetches = 0
  #jwksFetchTotal = 0
  #outage: { until: number; mode: JwksOutageMode } | undefined

  /** `keys` signs and publishes; `serve` implements `listen()` (without it, `listen()` rejects). */
  constructor(keys: KeyRing, options: SimulatedIssuerOptions, serve?: ServeIssuer) {
    this.#store = keys
    this.#serve = serve
    this.#explicitBaseUrl = options.baseUrl !== undefined
    this.#baseUrl = (options.baseUrl ?? 'http://127.0.0.1:3000').replace(/\/+$/, '')
    this.#ttl = options.tokenTtlSeconds ?? 900
    this.#now = options.now ?? Date.now
  }

  get baseUrl(): string {
    return this.#baseUrl
  }
  get issuer(): string {
    return this.#baseUrl
  }
  get audience(): string {
    return this.#baseUrl
  }
  get alg(): IssuerAlgorithm {
    return this.#store.alg
  }
  get currentKid(): string {
    return this.#store.current.kid
  }
  get jwksFetchCount(): number {
    return this.#jwksFetches
  }
  get jwksFetchTotal(): number {
    return this.#jwksFetchTotal
  }
  get jwksOutage(): JwksOutageMode | undefined {
    // Checked on every read, so the outage ends by itself without a timer to clean up.
    if (this.#outage && this.#now() >= this.#outage.until) this.#outage = undefined
    return this.#outage?.mode
  }

  jwks(): PublicJwks {
    return this.#store.publicJwks()
  }
  recordJwksFetch(): void {
    this.#jwksFetches += 1
    this.#jwksFetchTotal += 1
  }
  resetJwksFetchCount(): void {
    this.#jwksFetches = 0
  }
  takeJwksDown(ms: number, mode: JwksOutageMode = 'reset'): void {
    this.#outage = ms > 0 ? { until: this.#now() + ms, mode } : undefined
  }

  mint(claims: MintClaims = {}, opts: MintOptions = {}): Promise<string> {
    const key = this.#store.current
    const header = { alg: key.alg, kid: key.kid, typ: 'JWT', ...opts.header } as JWTHeaderParameters
    return this.#sign(header, this.#payload(claims, opts), key.privateKey)
  }

  mintWithSecret(secret: string, claims: MintClaims = {}, opts: MintOptions = {}): Promise<string> {
    const header = { alg: 'HS256', typ: 'JWT', ...opts.header } as JWTHeaderParameters
    return this.#sign(header, this.#payload(claims, opts), new TextEncoder().encode(secret))
  }

  mintHostile(kind: HostileTokenKind, opts: { sub?: string; listenerUrl?: string } = {}): Promise<string> {
    const claims = this.#payload(opts.sub === undefined ? {} : { sub: opts.sub }, {}) as BaseClaims
    return mintHostile(kind, {
      key: this.#store.current,
      claims,
      ...(opts.listenerUrl === undefined ? {} : { listenerUrl: opts.listenerUrl }),
    })
  }

  async rotate(): Promise<{ kid: string; previousKid: string }> {
    const previousKid = this.currentKid
    const { kid } = await this.#store.rotate()
    return { kid, previousKid }
  }

  async listen(options: ListenOptions = {}): Promise<IssuerListener> {
    if (!this.#serve) throw new Error('listen() serves the issuer over HTTP, which needs Node: use createIssuer() (tasks-tck/issuer) there')
    // An explicit base URL names the issuer (iss, the JWKS URL): requests carrying its host are its own.
    const ownHosts = this.#explicitBaseUrl ? [new URL(this.#baseUrl).hostname] : []
    const listener = await this.#serve(this, options, ownHosts)
    if (!this.#explicitBaseUrl) this.#baseUrl = listener.url
    return listener
  }

  #payload(claims: MintClaims, opts: MintOptions): JWTPayload {
    const iat = Math.floor(this.#now() / 1000)
    const sub = claims.sub ?? 'user_alice'
    const payload: JWTPayload = {
      iss: this.issuer,
      aud: this.audience,
      sub,
      email: `${sub}@example.test`,
      iat,
      exp: iat + (opts.expiresInSeconds ?? this.#ttl),
      ...claims,
    }
    for (const name of opts.omit ?? []) delete payload[name]
    return payload
  }

  #sign(header: JWTHeaderParameters, payload: JWTPayload, key: CryptoKey | Uint8Array): Promise<string> {
    return new SignJWT(payload).setProtectedHeader(header).sign(key)
  }
}
