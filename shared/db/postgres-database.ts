import { randomBytes } from 'node:crypto'
import pg from 'pg'

/** A throw-away database on a real PostgreSQL server, created for one test file. */
export interface TestDatabase {
  url: string
  drop(): Promise<void>
}

/**
 * Creates `tck_test_<random>` through `adminUrl` and returns its URL; `drop()` removes it (closing
 * any leftover connection first), so CI leaves the shared server as it found it.
 */
export async function createPostgresDatabase(adminUrl: string): Promise<TestDatabase> {
  const name = `tck_test_${randomBytes(6).toString('hex')}`
  const admin = new pg.Client({ connectionString: adminUrl })
  await admin.connect()
  try {
    await admin.query(`CREATE DATABASE ${name}`)
  } finally {
    await admin.end()
  }
  const url = new URL(adminUrl)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    async drop() {
      const client = new pg.Client({ connectionString: adminUrl })
      await client.connect()
      try {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`)
      } finally {
        await client.end()
      }
    },
  }
}
