import { randomUUID } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { migrate, readMigrations } from '../../reference-server/db/migrate.ts'
import { openDatabase, type Database, type DatabaseOptions } from '../../shared/db/open-database.ts'
import { TaskQuotaExceededError } from '../../reference-server/tasks/create-within-quota.ts'
import { TaskRepository } from '../../reference-server/tasks/task-repository.ts'
import { createPostgresDatabase, type TestDatabase } from '../../shared/db/postgres-database.ts'
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
      expect(await tasks.list(user, { limit: 100, offset: 0 })).toEqual({ tasks: [], total: 0 })
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

    it('pages a list newest first, ties broken by id, without overlap, with the total on every page', async () => {
      const user = `u_${randomUUID()}`
      // Seven tasks in one millisecond: only the id can order them, so page boundaries fall inside a tie.
      await database.pool.query(
        `INSERT INTO tasks (user_id, title, created_at, updated_at)
       SELECT $1, 'tie ' || g, '2026-01-14T09:30:00Z', '2026-01-14T09:30:00Z' FROM generate_series(1, 7) g`,
        [user],
      )
      const newest = await tasks.create(user, { title: 'newest' })
      const { rows } = await database.pool.query<{ id: string }>('SELECT id FROM tasks WHERE user_id = $1 ORDER BY created_at DESC, id DESC', [user])
      const pages = [0, 3, 6].map((offset) => tasks.list(user, { limit: 3, offset }))
      const [first, second, third] = await Promise.all(pages)
      expect([first, second, third].map((p) => p!.total)).toEqual([8, 8, 8])
      expect([first, second, third].map((p) => p!.tasks.length)).toEqual([3, 3, 2])
      expect([first, second, third].flatMap((p) => p!.tasks.map((t) => t.id))).toEqual(rows.map((r) => r.id))
      expect(first!.tasks[0]).toEqual(newest)
      expect(await tasks.list(user, { limit: 3, offset: 8 })).toEqual({ tasks: [], total: 8 })
      // Past anything PostgreSQL's bigint OFFSET holds: an empty page, not a 22003 error.
      expect(await tasks.list(user, { limit: 100, offset: 1e20 })).toEqual({ tasks: [], total: 8 })
      expect(await tasks.list(`${user}_x`, { limit: 100, offset: 0 })).toEqual({ tasks: [], total: 0 })
    })

    /**
     * Creates 3 tasks through `pool`, then 10 concurrent ones racing for the last 2 places of a quota
     * of 5. Slow inserts hold each create between its count and its commit for 50 ms, so without a
     * lock concurrent creates would all count 3 and all insert. @returns the quota'd repository and user.
     */
    async function raceAtQuota(pool: import('pg').Pool) {
      const quota = new TaskRepository(pool, { maxTasksPerUser: 5 })
      const user = `u_${randomUUID()}`
      for (let i = 0; i < 3; i++) await quota.create(user, { title: `t${i}` })
      await database.pool.query(`CREATE FUNCTION tck_slow_insert() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN IF NEW.title LIKE 'race %' THEN PERFORM pg_sleep(0.05); END IF; RETURN NEW; END $$`)
      await database.pool.query('CREATE TRIGGER tck_slow_insert BEFORE INSERT ON tasks FOR EACH ROW EXECUTE FUNCTION tck_slow_insert()')
      let results: PromiseSettledResult<unknown>[]
      try {
        results = await Promise.allSettled(Array.from({ length: 10 }, (_, i) => quota.create(user, { title: `race ${i}` })))
      } finally {
        await database.pool.query('DROP TRIGGER tck_slow_insert ON tasks; DROP FUNCTION tck_slow_insert()')
      }
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(2)
      for (const r of results) if (r.status === 'rejected') expect(r.reason).toBeInstanceOf(TaskQuotaExceededError)
      expect((await quota.list(user, { limit: 100, offset: 0 })).total).toBe(5)
      return { quota, user }
    }

    it('refuses a create beyond the quota, storing nothing, also for concurrent creates at the boundary', async () => {
      const { quota, user } = await raceAtQuota(database.pool)
      await expect(quota.create(user, { title: 'one more' })).rejects.toBeInstanceOf(TaskQuotaExceededError)
      // The quota is per user: another user still creates.
      await expect(quota.create(`${user}_other`, { title: 'mine' })).resolves.toMatchObject({ title: 'mine' })
    })

    // The self-test found it: on PGlite every request shares one session, so a create the database
    // refuses (a title over varchar(255), reaching it only when validation is off) must leave no
    // aborted transaction behind, or every later query fails with 25P02.
    it('leaves the session usable after a create the database refuses', async () => {
      const user = `u_${randomUUID()}`
      await expect(tasks.create(user, { title: 'x'.repeat(300) })).rejects.toMatchObject({ code: '22001' })
      await expect(tasks.create(user, { title: 'after the refusal' })).resolves.toMatchObject({ title: 'after the refusal' })
      expect((await database.pool.query('SELECT 1 AS ok')).rows).toEqual([{ ok: 1 }])
    })

    // Sessions whose default isolation is REPEATABLE READ (a database or role configured so): the
    // count must still see the creates that held the lock before (PGlite has one session: no race).
    it.skipIf(engine.name !== 'postgres')("keeps the quota when the connection's default isolation is REPEATABLE READ", async () => {
      const repeatableRead = new pg.Pool({ connectionString: options.databaseUrl, max: 10, options: '-c default_transaction_isolation=repeatable\\ read' })
      try {
        const { rows } = await repeatableRead.query<{ default_transaction_isolation: string }>('SHOW default_transaction_isolation')
        expect(rows[0]!.default_transaction_isolation).toBe('repeatable read')
        await raceAtQuota(repeatableRead)
      } finally {
        await repeatableRead.end()
      }
    })

    it('keeps tasks across a restart', async () => {
      const user = `u_${randomUUID()}`
      const created = await tasks.create(user, { title: 'survive' })
      await database.close()
      database = await openDatabase(options)
      tasks = new TaskRepository(database.pool)
      expect(await migrate(database.pool)).toEqual([])
      expect(await tasks.list(user, { limit: 100, offset: 0 })).toEqual({ tasks: [created], total: 1 })
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
