import { join } from 'node:path'
import type { JWK } from 'jose'
import { secureStateDir } from '../../shared/fs/secure-state-dir.ts'
import { readKeyFile, writeKeyFile } from './key-file.ts'
import type { StoredKey } from './key-file.ts'
import { generateSigningKey, signingKeyFromJwk } from './signing-key.ts'
import type { IssuerAlgorithm, SigningKey } from './signing-key.ts'

/** What the issuer writes in its state folder: the key file (its `.tmp` twin is created 0600 and renamed). */
const ISSUER_STATE_FILES = ['keys.json']

/** Options for {@link KeyStore.open}. */
export interface KeyStoreOptions {
  /** Directory holding `keys.json`; created when missing, made owner-only (0700, files 0600). Omit to keep keys in memory only. */
  stateDir?: string
  /** Algorithm of new keys. Default: the persisted current key's, else `'EdDSA'` (Ed25519). */
  alg?: IssuerAlgorithm
  /** How long a retired key stays in the JWKS after rotation, in seconds. Default 900 (one token lifetime). */
  graceSeconds?: number
  /** Clock in epoch milliseconds, injectable for tests. Default `Date.now`. */
  now?: () => number
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

/** Signing keys with rotation, a grace period for retired keys, and optional persistence to disk. */
export class KeyStore {
  readonly alg: IssuerAlgorithm
  /** Seconds a retired key stays published. */
  readonly graceSeconds: number
  /** Path of `keys.json`, or undefined for an in-memory store. */
  readonly file: string | undefined
  readonly #now: () => number
  #records: KeyRecord[]

  private constructor(alg: IssuerAlgorithm, records: KeyRecord[], options: KeyStoreOptions) {
    this.alg = alg
    this.graceSeconds = options.graceSeconds ?? 900
    this.file = options.stateDir === undefined ? undefined : join(options.stateDir, 'keys.json')
    this.#now = options.now ?? Date.now
    this.#records = records
  }

  /**
   * Loads `<stateDir>/keys.json`, or creates a first key (and the file) when there is none, so a
   * restarted issuer keeps its kid and tokens minted before the restart still verify. When the
   * persisted current key uses another algorithm than `options.alg`, a new key is rotated in.
   */
  static async open(options: KeyStoreOptions = {}): Promise<KeyStore> {
    // Private keys: the folder and the key file are made owner-only, also when an older version left
    // them 0755/0644; anything else in a folder the user chose (`--state-dir ~/shared`) keeps its mode.
    if (options.stateDir !== undefined) await secureStateDir(options.stateDir, ISSUER_STATE_FILES)
    const stored = options.stateDir === undefined ? [] : await readKeyFile(join(options.stateDir, 'keys.json'))
    const records = await Promise.all(stored.map(importStoredKey))
    const persistedCurrent = records.find((r) => r.retiredAt === undefined)
    const alg = options.alg ?? persistedCurrent?.key.alg ?? 'EdDSA'
    const store = new KeyStore(alg, records, options)
    if (!persistedCurrent || persistedCurrent.key.alg !== alg) await store.rotate()
    return store
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
    const { key, privateJwk } = await generateSigningKey(this.alg)
    this.#records.push({ key, privateJwk, createdAt: now })
    this.#prune()
    if (this.file !== undefined) await writeKeyFile(this.file, this.#records.map(toStoredKey))
    return { kid: key.kid, previousKid: previous?.key.kid }
  }

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
