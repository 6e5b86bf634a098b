import type { AddressInfo } from 'node:net'
import { SignJWT } from 'jose'
import type { CryptoKey, JWTHeaderParameters, JWTPayload } from 'jose'
import { mintHostile } from './hostile-tokens.ts'
import type { BaseClaims, HostileTokenKind } from './hostile-tokens.ts'
import { createIssuerServer } from './issuer-server.ts'
import { KeyStore } from './key-store.ts'
import type { PublicJwks } from './key-store.ts'
import type { IssuerAlgorithm } from './signing-key.ts'
import type { Issuer, IssuerListener, JwksOutageMode, ListenOptions, MintClaims, MintOptions } from './issuer-types.ts'

/** Options for {@link createIssuer}. */
export interface CreateIssuerOptions {
  /** Persist keys in `<stateDir>/keys.json` so restarts keep the kid. Default: in-memory keys. */
  stateDir?: string
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

/** Creates a simulated Better Auth JWT-plugin issuer (keys are loaded or generated, hence async). */
export async function createIssuer(options: CreateIssuerOptions = {}): Promise<Issuer> {
  const store = await KeyStore.open({
    ...(options.stateDir === undefined ? {} : { stateDir: options.stateDir }),
    ...(options.alg === undefined ? {} : { alg: options.alg }),
    ...(options.graceSeconds === undefined ? {} : { graceSeconds: options.graceSeconds }),
    ...(options.now === undefined ? {} : { now: options.now }),
  })
  return new SimulatedIssuer(store, options)
}

class SimulatedIssuer implements Issuer {
  readonly #store: KeyStore
  readonly #explicitBaseUrl: boolean
  readonly #ttl: number
  readonly #now: () => number
  #baseUrl: string
  #jwksFetches = 0
  #jwksFetchTotal = 0
  #outage: { until: number; mode: JwksOutageMode } | undefined

  constructor(store: KeyStore, options: CreateIssuerOptions) {
    this.#store = store
    this.#explicitBaseUrl = options.baseUrl !== undefined
    this.#baseUrl = (options.baseUrl ?? 'http://127.0.0.1:3000').replace(/\/+$/, '')
    this.#ttl = options.tokenTtlSeconds ?? 900
    this.#now = options.now ?? Date.now
  }

  get baseUrl(): string { return this.#baseUrl }
  get issuer(): string { return this.#baseUrl }
  get audience(): string { return this.#baseUrl }
  get alg(): IssuerAlgorithm { return this.#store.alg }
  get currentKid(): string { return this.#store.current.kid }
  get jwksFetchCount(): number { return this.#jwksFetches }
  get jwksFetchTotal(): number { return this.#jwksFetchTotal }
  get jwksOutage(): JwksOutageMode | undefined {
    // Checked on every read, so the outage ends by itself without a timer to clean up.
    if (this.#outage && this.#now() >= this.#outage.until) this.#outage = undefined
    return this.#outage?.mode
  }

  jwks(): PublicJwks { return this.#store.publicJwks() }
  recordJwksFetch(): void {
    this.#jwksFetches += 1
    this.#jwksFetchTotal += 1
  }
  resetJwksFetchCount(): void { this.#jwksFetches = 0 }
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

  async listen({ port = 0, host = '127.0.0.1', allowedHosts, timeouts }: ListenOptions = {}): Promise<IssuerListener> {
    // An explicit base URL names the issuer (iss, the JWKS URL): requests carrying its host are its own.
    const ownHosts = this.#explicitBaseUrl ? [new URL(this.#baseUrl).hostname] : []
    const server = createIssuerServer(this, { bindHost: host, ownHosts, ...(allowedHosts && { allowedHosts }), ...(timeouts && { timeouts }) })
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject)
      server.listen(port, host, () => {
        server.off('error', reject)
        resolve()
      })
    })
    const url = `http://${urlHost(host)}:${(server.address() as AddressInfo).port}`
    if (!this.#explicitBaseUrl) this.#baseUrl = url
    let closed: Promise<void> | undefined
    const close = () =>
      (closed ??= new Promise<void>((resolve, reject) => {
        server.close((err) => (err ? reject(err) : resolve()))
        // Keep-alive sockets (fetch reuses them) would otherwise hold close() open.
        server.closeAllConnections()
      }))
    return { url, close }
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

// A wildcard bind address is not something a client can put in a URL; loopback reaches it.
function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1'
  if (host === '::') return '[::1]'
  return host.includes(':') ? `[${host}]` : host
}
