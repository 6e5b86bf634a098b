import type { JWK } from 'jose'
import { generateSigningKey, signingKeyFromJwk } from './signing-key.ts'
import type { IssuerAlgorithm, SigningKey } from './signing-key.ts'

/** Options for {@link KeyRing.create}. */
export interface KeyRingOptions {
  /** Algorithm of new keys. Default: the persisted current key's (KeyStore), else `'EdDSA'` (Ed25519). */
  alg?: IssuerAlgorithm
  /** How long a retired key stays in the JWKS after rotation, in seconds. Default 900 (one token lifetime). */
  graceSeconds?: number
  /** Clock in epoch milliseconds, injectable for tests. Default `Date.now`. */
  now?: () => number
}

/** One key as persisted (`keys.json`). Times are epoch milliseconds. */
export interface StoredKey {
  kid: string
  alg: IssuerAlgorithm
  createdAt: number
  /** Absent on the current (signing) key. */
  retiredAt?: number
  /** Private JWK including `d`: whatever stores it must keep it private. */
  privateJwk: JWK
}

/** The public half of a key set, as served at a JWKS endpoint (RFC 7517 §5). */
export interface PublicJwks {
  keys: JWK[]
}

interface KeyRecord {
  key: SigningKey
  privateJwk: JWK
  /** Epoch ms. */
  createdAt: number
  /** Epoch ms; absent on the current key. */
  retiredAt?: number
}

/**
 * Signing keys with rotation and a grace period for retired keys, in memory. Browser-safe (jose
 * over WebCrypto); `KeyStore` (key-store.ts, Node) adds persistence to a `keys.json` file.
 */
export class KeyRing {
  /** Seconds a retired key stays published. */
  readonly graceSeconds: number
  readonly #now: () => number
  #alg: IssuerAlgorithm
  #records: KeyRecord[] = []

  protected constructor(options: KeyRingOptions) {
    this.graceSeconds = options.graceSeconds ?? 900
    this.#now = options.now ?? Date.now
    this.#alg = options.alg ?? 'EdDSA'
  }

  /** A ring holding one fresh key of `options.alg`. */
  static async create(options: KeyRingOptions = {}): Promise<KeyRing> {
    const ring = new KeyRing(options)
    await ring.load([], options.alg)
    return ring
  }

  /** Algorithm of the current and of new keys. */
  get alg(): IssuerAlgorithm {
    return this.#alg
  }

  /** The key new tokens are signed with. */
  get current(): SigningKey {
    const record = this.#records.find((r) => r.retiredAt === undefined)
    if (!record) throw new Error('KeyStore has no current key')
    return record.key
  }

  /** Current key plus retired keys still inside their grace period; expired ones are pruned. */
  publicJwks(): PublicJwks {
    this.#prune()
    return { keys: this.#records.map((r) => ({ ...r.key.publicJwk })) }
  }

  /**
   * Makes a fresh key current and retires the previous one; the retired key stays published for
   * `graceSeconds` so tokens it already signed keep verifying until they expire.
   */
  async rotate(): Promise<{ kid: string; previousKid: string | undefined }> {
    const now = this.#now()
    const previous = this.#records.find((r) => r.retiredAt === undefined)
    if (previous) previous.retiredAt = now
    const { key, privateJwk } = await generateSigningKey(this.#alg)
    this.#records.push({ key, privateJwk, createdAt: now })
    this.#prune()
    await this.persist(this.#records.map(toStoredKey))
    return { kid: key.kid, previousKid: previous?.key.kid }
  }

  /**
   * Takes `stored` keys; the algorithm is `alg`, else the stored current key's, else EdDSA. When
   * there is no current key of that algorithm, a new one is rotated in.
   */
  protected async load(stored: readonly StoredKey[], alg: IssuerAlgorithm | undefined): Promise<void> {
    this.#records = await Promise.all(stored.map(importStoredKey))
    const persistedCurrent = this.#records.find((r) => r.retiredAt === undefined)
    this.#alg = alg ?? persistedCurrent?.key.alg ?? 'EdDSA'
    if (!persistedCurrent || persistedCurrent.key.alg !== this.#alg) await this.rotate()
  }

  /** Called after every rotation with every key, private halves included. In memory: nothing to do. */
  protected async persist(_keys: StoredKey[]): Promise<void> {}

  #prune(): void {
    const cutoff = this.#now() - this.graceSeconds * 1000
    this.#records = this.#records.filter((r) => r.retiredAt === undefined || r.retiredAt > cutoff)
  }
}

function toStoredKey(r: KeyRecord): StoredKey {
  const retired = r.retiredAt === undefined ? {} : { retiredAt: r.retiredAt }
  return { kid: r.key.kid, alg: r.key.alg, createdAt: r.createdAt, ...retired, privateJwk: r.privateJwk }
}

async function importStoredKey(stored: StoredKey): Promise<KeyRecord> {
  const key = await signingKeyFromJwk(stored.privateJwk, stored.alg)
  const retired = stored.retiredAt === undefined ? {} : { retiredAt: stored.retiredAt }
  return { key, privateJwk: stored.privateJwk, createdAt: stored.createdAt, ...retired }
}
