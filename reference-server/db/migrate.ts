import { readdirSync, readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { join } from 'node:path'
import type { Pool } from 'pg'

/** Folder of numbered SQL migrations (`001_name.sql`), applied in order, each exactly once. */
export const MIGRATIONS_DIR = fileURLToPath(new URL('./migrations/', import.meta.url))

export interface Migration {
  version: number
  name: string
  sql: string
}

/** Reads the migration files; names must be `NNN_snake_name.sql` with unique numbers. */
export function readMigrations(dir: string = MIGRATIONS_DIR): Migration[] {
  const migrations = readdirSync(dir)
    .filter((f) => f.endsWith('.sql'))
    .map((file) => {
      const match = /^(\d+)_([a-z0-9_]+)\.sql$/.exec(file)
      if (!match) throw new Error(`Migration file name must look like 001_create_tasks.sql: ${file}`)
      return { version: Number(match[1]), name: match[2]!, sql: readFileSync(join(dir, file), 'utf8') }
    })
    .sort((a, b) => a.version - b.version)
  for (let i = 1; i < migrations.length; i++) {
    if (migrations[i]!.version === migrations[i - 1]!.version) throw new Error(`Duplicate migration number ${migrations[i]!.version}`)
  }
  return migrations
}

/**
 * Applies pending migrations in one transaction under an advisory lock, so two servers starting
 * against the same database at once neither race nor apply a migration twice.
 * @returns the versions applied by this call (empty when the schema was up to date).
 */
export async function migrate(pool: Pool, migrations: Migration[] = readMigrations()): Promise<number[]> {
  const client = await pool.connect()
  try {
    await client.query('BEGIN')
    await client.query("SELECT pg_advisory_xact_lock(hashtext('tasks_tck_migrations'))")
    await client.query(`CREATE TABLE IF NOT EXISTS tck_schema_migrations (
      version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`)
    const { rows } = await client.query<{ version: number }>('SELECT version FROM tck_schema_migrations')
    const done = new Set(rows.map((r) => r.version))
    const applied: number[] = []
    for (const m of migrations) {
      if (done.has(m.version)) continue
      await client.query(m.sql)
      await client.query('INSERT INTO tck_schema_migrations (version, name) VALUES ($1, $2)', [m.version, m.name])
      applied.push(m.version)
    }
    await client.query('COMMIT')
    return applied
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {})
    throw error
  } finally {
    client.release()
  }
}
