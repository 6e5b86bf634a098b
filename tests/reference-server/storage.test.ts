import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrate, readMigrations } from '../../reference-server/db/migrate.ts'
import { openDatabase, type Database, type DatabaseOptions } from '../../reference-server/db/open-database.ts'
import { TaskRepository } from '../../reference-server/tasks/task-repository.ts'
import { createPostgresDatabase, type TestDatabase } from '../support/postgres-database.ts'
import { NO_POSTGRES_REASON, testEnv } from '../support/test-env.ts'
import { startReferenceHarness } from '../support/reference-harness.ts'

/**
 * The same storage behaviour on both engines. PGlite uses a data folder (not memory) so that
 * "survives a restart" is real; PostgreSQL uses a database created for this file and dropped after.
 */
interface Engine {
  name: 'pglite' | 'postgres'
  setUp(): Promise<DatabaseOptions & { tearDown(): Promise<void> }>
}

const engines: Engine[] = [
  {
    name: 'pglite',
    async setUp() {
      const dir = mkdtempSync(join(tmpdir(), 'tck-pglite-'))
      return { pgliteDataDir: dir, tearDown: async () => rmSync(dir, { recursive: true, force: true }) }
    },
  },
  {
    name: 'postgres',
    async setUp() {
      const db: TestDatabase = await createPostgresDatabase(testEnv.databaseUrl!)
      return { databaseUrl: db.url, tearDown: () => db.drop() }
    },
  },
]

for (const engine of engines) {
const skipped = engine.name === 'postgres' && !testEnv.databaseUrl
describe.skipIf(skipped)(`storage on ${engine.name}${skipped ? ` (skipped: ${NO_POSTGRES_REASON})` : ''}`, () => {
  let options: Awaited<ReturnType<Engine['setUp']>>
  let database: Database
  let tasks: TaskRepository

  beforeAll(async () => {
    options = await engine.setUp()
    database = await openDatabase(options)
    await migrate(database.pool)
    tasks = new TaskRepository(database.pool)
  })
  afterAll(async () => {
    await database?.close()
    await options?.tearDown()
  })

  it('runs on the expected engine', () => {
    expect(database.kind).toBe(engine.name)
  })

  it('applies each numbered migration once', async () => {
    expect(await migrate(database.pool)).toEqual([])
    const { rows } = await database.pool.query('SELECT version, name FROM tck_schema_migrations ORDER BY version')
    expect(rows).toEqual(readMigrations().map((m) => ({ version: m.version, name: m.name })))
  })

  it('creates, reads, updates, toggles and deletes within one user', async () => {
    const user = `u_${randomUUID()}`
    const created = await tasks.create(user, { title: 'Buy milk' })
    expect(created).toMatchObject({ user_id: user, title: 'Buy milk', description: null, completed: false })
    expect(await tasks.get(user, created.id)).toEqual(created)
    expect(await tasks.get(`${user}_x`, created.id)).toBeUndefined()
    const updated = await tasks.update(user, created.id, { description: 'Two litres' })
    expect(updated).toMatchObject({ title: 'Buy milk', description: 'Two litres' })
    expect((await tasks.toggle(user, created.id))?.completed).toBe(true)
    expect(await tasks.delete(`${user}_x`, created.id)).toBe(false)
    expect(await tasks.delete(user, created.id)).toBe(true)
    expect(await tasks.list(user)).toEqual([])
  })

  it('ignores fields that are not writable even when a caller passes them', async () => {
    const user = `u_${randomUUID()}`
    const created = await tasks.create(user, { title: 'a' })
    const sneaky = { title: 'b', user_id: 'mallory', id: randomUUID(), created_at: new Date(0) } as never
    const updated = await tasks.update(user, created.id, sneaky)
    expect(updated).toMatchObject({ id: created.id, user_id: user, title: 'b', created_at: created.created_at })
  })

  it('keeps every one of 40 concurrent toggles', async () => {
    const user = `u_${randomUUID()}`
    const created = await tasks.create(user, { title: 'race' })
    await Promise.all(Array.from({ length: 40 }, () => tasks.toggle(user, created.id)))
    expect((await tasks.get(user, created.id))?.completed).toBe(false)
    await Promise.all(Array.from({ length: 41 }, () => tasks.toggle(user, created.id)))
    expect((await tasks.get(user, created.id))?.completed).toBe(true)
  })

  it('keeps tasks across a restart', async () => {
    const user = `u_${randomUUID()}`
    const created = await tasks.create(user, { title: 'survive' })
    await database.close()
    database = await openDatabase(options)
    tasks = new TaskRepository(database.pool)
    expect(await migrate(database.pool)).toEqual([])
    expect(await tasks.list(user)).toEqual([created])
  })

  it('serves tasks created before a server restart', async () => {
    await database.close()
    const env: Record<string, string> = options.databaseUrl ? { DATABASE_URL: options.databaseUrl } : { PGLITE_DATA_DIR: options.pgliteDataDir! }
    const first = await startReferenceHarness({ env })
    const user = `u_${randomUUID()}`
    const created = await first.as(user, { method: 'POST', url: `/api/${user}/tasks`, payload: { title: 'across restarts' } })
    expect(created.statusCode).toBe(201)
    await first.close()
    const second = await startReferenceHarness({ env })
    try {
      const list = await second.as(user, { method: 'GET', url: `/api/${user}/tasks` })
      expect(list.json()).toEqual({ data: [created.json()], count: 1 })
    } finally {
      await second.close()
      database = await openDatabase(options)
    }
  })
})
}
