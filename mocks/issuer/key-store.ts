import { join } from 'node:path'
import { secureStateDir } from '../../shared/fs/secure-state-dir.ts'
import { readKeyFile, writeKeyFile } from './key-file.ts'
import { KeyRing, type KeyRingOptions, type StoredKey } from './key-ring.ts'

export type { PublicJwks } from './key-ring.ts'

/** What the issuer writes in its state folder: the key file (its `.tmp` twin is created 0600 and renamed). */
const ISSUER_STATE_FILES = ['keys.json']

/** Options for {@link KeyStore.open}. */
export interface KeyStoreOptions extends KeyRingOptions {
  /** Directory holding `keys.json`; created when missing, made owner-only (0700, files 0600). Omit to keep keys in memory only. */
  stateDir?: string
}

/** NODE: a {@link KeyRing} with optional persistence to `<stateDir>/keys.json`. */
export class KeyStore extends KeyRing {
  /** Path of `keys.json`, or undefined for an in-memory store. */
  readonly file: string | undefined

  private constructor(options: KeyStoreOptions) {
    super(options)
    this.file = options.stateDir === undefined ? undefined : join(options.stateDir, 'keys.json')
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
    const store = new KeyStore(options)
    await store.load(store.file === undefined ? [] : await readKeyFile(store.file), options.alg)
    return store
  }

  protected override async persist(keys: StoredKey[]): Promise<void> {
    if (this.file !== undefined) await writeKeyFile(this.file, keys)
  }
}
