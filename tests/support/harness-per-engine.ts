import { afterAll, beforeAll } from 'vitest'
import { openDatabase, type Database } from '../../shared/db/open-database.ts'
import { createPostgresDatabase } from '../../shared/db/postgres-database.ts'
import { startReferenceHarness, type ReferenceHarness } from './reference-harness.ts'
import { NO_POSTGRES_REASON, testEnv } from './test-env.ts'

/** A storage engine a test file runs its cases on: `skip` says why it cannot run here. */
export interface StorageEngine {
  name: 'pglite' | 'postgres'
  skip: string | undefined
  open(): Promise<{ database: Database; drop: () => Promise<void> }>
}

/**
 * In-memory PGlite, and a throw-away PostgreSQL database when `DATABASE_URL` is set: what the
 * reference server stores (and refuses to store) differs between the two, so input edges run on both.
 */
export const STORAGE_ENGINES: readonly StorageEngine[] = [
  { name: 'pglite', skip: undefined, open: async () => ({ database: await openDatabase({ pgliteDataDir: 'memory://' }), drop: async () => {} }) },
  {
    name: 'postgres',
    skip: testEnv.databaseUrl ? undefined : NO_POSTGRES_REASON,
    async open() {
      const db = await createPostgresDatabase(testEnv.databaseUrl!)
      return { database: await openDatabase({ databaseUrl: db.url }), drop: () => db.drop() }
    },
  },
]

/** A reference harness on `engine`'s database, started before the describe block's tests and closed (database dropped) after. */
export function useHarnessOn(engine: StorageEngine): () => ReferenceHarness {
  let harness: ReferenceHarness | undefined
  let opened: Awaited<ReturnType<StorageEngine['open']>> | undefined
  beforeAll(async () => {
    opened = await engine.open()
    harness = await startReferenceHarness({ database: opened.database })
  })
  afterAll(async () => {
    await harness?.close()
    await opened?.database.close()
    await opened?.drop()
  })
  return () => harness!
}
