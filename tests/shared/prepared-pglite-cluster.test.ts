import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { openDatabase } from '../../shared/db/open-database.ts'
import { createPGlite, forgetPreparedCluster, pgliteCacheDir, preparedClusterDir, preparedClusterFile } from '../../shared/db/prepared-pglite-cluster.ts'

const dir = mkdtempSync(join(tmpdir(), 'tck-prepared-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))
const env = { TCK_CACHE_DIR: join(dir, 'cache') }

/** gzip's magic number: the cached file is a whole gzipped tarball, not a leftover. */
const isGzip = (file: string) =>
  readFileSync(file)
    .subarray(0, 2)
    .equals(Buffer.from([0x1f, 0x8b]))

describe('prepared PGlite cluster', () => {
  it('finds its cache folder from TCK_CACHE_DIR, XDG_CACHE_HOME or the home folder, and none when off', () => {
    expect(pgliteCacheDir({ TCK_CACHE_DIR: '/x/y' })).toBe('/x/y')
    expect(pgliteCacheDir({ TCK_CACHE_DIR: 'off' })).toBeUndefined()
    expect(pgliteCacheDir({ XDG_CACHE_HOME: '/c' })).toBe('/c/tasks-tck')
    expect(pgliteCacheDir({})).toMatch(/\.cache\/tasks-tck$/)
    expect(preparedClusterFile({ TCK_CACHE_DIR: '/x' })).toMatch(/^\/x\/pglite-\d+\.\d+\.\d+\S*-initdb\.tar\.gz$/)
  })

  it('keeps the first new cluster, copies it into the next folder, and reopens an existing one as it is', async () => {
    forgetPreparedCluster()
    const first = await createPGlite(join(dir, 'a'), env)
    await first.exec('CREATE TABLE kept (n int); INSERT INTO kept VALUES (1)')
    await first.close()
    const file = preparedClusterFile(env)!
    expect(isGzip(file)).toBe(true)
    expect(statSync(file).mode & 0o077).toBe(0)

    // Read from the file, as another process would.
    forgetPreparedCluster()
    const second = await createPGlite(join(dir, 'b'), env)
    expect(existsSync(join(dir, 'b', 'PG_VERSION'))).toBe(true)
    // The tarball was unpacked once into a folder beside it, which later folders are copied from.
    expect(existsSync(join(preparedClusterDir(env)!, 'PG_VERSION'))).toBe(true)
    // A fresh cluster: the first one's later table is not in the prepared copy.
    expect((await second.query(`SELECT to_regclass('kept') AS t`)).rows).toEqual([{ t: null }])
    await second.close()

    const reopened = await createPGlite(join(dir, 'a'), env)
    expect((await reopened.query<{ n: number }>('SELECT n FROM kept')).rows).toEqual([{ n: 1 }])
    await reopened.close()
  }, 120_000)

  it('copies the prepared folder into a new folder, and drops a damaged one', async () => {
    const folder = preparedClusterDir(env)!
    const copied = await createPGlite(join(dir, 'c'), env)
    expect((await copied.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }])
    await copied.close()
    writeFileSync(join(folder, 'global', 'pg_control'), 'damaged')
    const recovered = await createPGlite(join(dir, 'd'), env)
    expect((await recovered.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }])
    await recovered.close()
    expect(existsSync(join(dir, 'd', 'global', 'pg_control'))).toBe(true)
    expect(readFileSync(join(dir, 'd', 'global', 'pg_control'), 'utf8')).not.toBe('damaged')
  }, 120_000)

  it('runs initdb and rewrites the cache when the cached cluster is damaged', async () => {
    const file = preparedClusterFile(env)!
    writeFileSync(file, 'not a tarball')
    forgetPreparedCluster()
    const db = await createPGlite('memory://', env)
    expect((await db.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }])
    await db.close()
    expect(isGzip(file)).toBe(true)
  }, 120_000)

  it('serves openDatabase: a new memory:// database works behind the pg pool', async () => {
    const db = await openDatabase({ pgliteDataDir: 'memory://' })
    expect((await db.pool.query<{ one: number }>('SELECT 1 AS one')).rows).toEqual([{ one: 1 }])
    await db.close()
  }, 60_000)
})
