/**
 * F11: everything the toolkit persists is owner-only — directories 0700, files 0600 — for the real
 * components (PGlite through openDatabase, Better Auth's PGlite and demo account, the auth secret,
 * the issuer's keys), including files created after start-up (tables, WAL segments) and trees an
 * older version left 0755/0666 — under a permissive umask; and nothing else: a state folder the user
 * chose may hold their own files, which keep their modes. (`tck start` end to end: tests/cli/tck-cli.test.ts.)
 */
import { randomBytes } from 'node:crypto'
import { chmod, mkdir, mkdtemp, rm, stat, symlink, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { KeyStore } from '../../mocks/issuer/key-store.ts'
import { openDatabase } from '../../shared/db/open-database.ts'
import { secureStateDir } from '../../shared/fs/secure-state-dir.ts'
import { startAuthServer } from '../../web/auth-server/start-auth-server.ts'
import { loadOrCreateAuthSecret } from '../../web/web-stack/auth-secret.ts'
import { ensureDemoAccount } from '../../web/web-stack/demo-account.ts'
import { countEntries, entriesNotOwnerOnly } from '../support/file-modes.ts'

const dirs: string[] = []
const tempDir = async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tck-modes-'))
  dirs.push(dir)
  return dir
}
afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))))

/** Runs `body` under the usual umask 0022 (a permissive one: the modes must not depend on it), then restores it. */
async function withUsualUmask<T>(body: () => Promise<T>): Promise<T> {
  const previous = process.umask(0o022)
  try {
    return await body()
  } finally {
    process.umask(previous)
  }
}

/** Writes enough through `pool` that PostgreSQL creates new files: a table, its indexes, new WAL segments. */
async function writeSome(pool: import('pg').Pool): Promise<void> {
  await pool.query('CREATE TABLE IF NOT EXISTS mode_probe (id serial PRIMARY KEY, body text)')
  await pool.query(`INSERT INTO mode_probe (body) SELECT repeat('x', 200) FROM generate_series(1, 2000)`)
  await pool.query('SELECT pg_switch_wal()')
  await pool.query('CHECKPOINT')
}

describe('secureStateDir', () => {
  it('tightens a 0755/0666 tree to 0700/0600 without following symbolic links out of it', async () => {
    const root = await tempDir()
    const state = join(root, 'state')
    await mkdir(join(state, 'nested', 'deeper'), { recursive: true })
    await writeFile(join(state, 'nested', 'data'), 'x', { mode: 0o666 })
    await writeFile(join(state, 'nested', 'deeper', 'wal'), 'x', { mode: 0o644 })
    const outside = join(root, 'outside.txt')
    await writeFile(outside, 'not state')
    await symlink(outside, join(state, 'link'))
    for (const [path, mode] of [
      [state, 0o755],
      [join(state, 'nested'), 0o777],
      [join(state, 'nested', 'data'), 0o666],
      [outside, 0o644],
    ] as const)
      await chmod(path, mode)

    await secureStateDir(state, 'all')

    expect(await entriesNotOwnerOnly(state)).toEqual(['link symlink'])
    expect((await stat(outside)).mode & 0o777).toBe(0o644)
  })

  it('creates a missing folder and its missing parents 0700', async () => {
    const root = await tempDir()
    await secureStateDir(join(root, 'a', 'b'), [])
    expect(await entriesNotOwnerOnly(join(root, 'a'))).toEqual([])
  })

  it('tightens only the entries the toolkit owns in a folder the user chose; their own files keep their modes', async () => {
    const state = await tempDir()
    await mkdir(join(state, 'pglite', 'base'), { recursive: true })
    await writeFile(join(state, 'pglite', 'base', 'data'), 'x', { mode: 0o666 })
    await writeFile(join(state, 'auth-secret'), 'x', { mode: 0o644 })
    await mkdir(join(state, 'src'))
    await writeFile(join(state, 'README.md'), 'the user project', { mode: 0o644 })
    await writeFile(join(state, 'src', 'run.sh'), 'echo', { mode: 0o755 })
    for (const [path, mode] of [
      [state, 0o755],
      [join(state, 'pglite'), 0o755],
      [join(state, 'src'), 0o775],
      [join(state, 'README.md'), 0o644],
      [join(state, 'src', 'run.sh'), 0o755],
    ] as const)
      await chmod(path, mode)

    await secureStateDir(state, ['pglite', 'auth-secret', 'absent-entry'])

    expect((await stat(state)).mode & 0o777).toBe(0o700)
    expect(await entriesNotOwnerOnly(join(state, 'pglite'))).toEqual([])
    expect((await stat(join(state, 'auth-secret'))).mode & 0o777).toBe(0o600)
    expect((await stat(join(state, 'README.md'))).mode & 0o777).toBe(0o644)
    expect((await stat(join(state, 'src'))).mode & 0o777).toBe(0o775)
    expect((await stat(join(state, 'src', 'run.sh'))).mode & 0o777).toBe(0o755)
  })

  it('secures a state folder that is a symbolic link to a folder (the link is followed for the root only)', async () => {
    const root = await tempDir()
    const real = join(root, 'real-state')
    await mkdir(join(real, 'issuer'), { recursive: true })
    await writeFile(join(real, 'issuer', 'keys.json'), '{}', { mode: 0o644 })
    for (const [path, mode] of [
      [real, 0o755],
      [join(real, 'issuer'), 0o755],
      [join(real, 'issuer', 'keys.json'), 0o644],
    ] as const)
      await chmod(path, mode)
    const link = join(root, 'state-link')
    await symlink(real, link)

    await secureStateDir(link, ['issuer'])

    expect(await entriesNotOwnerOnly(real)).toEqual([])
  })
})

describe('the state of the real components', () => {
  it('keeps the API database, the auth database, the demo account, the secret and the issuer keys owner-only', async () => {
    const root = await tempDir()
    await withUsualUmask(async () => {
      const database = await openDatabase({ pgliteDataDir: join(root, 'pglite') })
      try {
        await writeSome(database.pool)
      } finally {
        await database.close()
      }
      const auth = await startAuthServer({ port: 0, secret: randomBytes(32).toString('base64url'), pgliteDataDir: join(root, 'pglite-auth') })
      try {
        await ensureDemoAccount(auth.url, join(root, 'demo-account.json'))
      } finally {
        await auth.close()
      }
      await loadOrCreateAuthSecret(join(root, 'auth-secret'))
      const keys = await KeyStore.open({ stateDir: join(root, 'issuer') })
      await keys.rotate()
    })
    expect(await entriesNotOwnerOnly(root)).toEqual([])
    // PGlite's cluster is about a thousand files: the walk really saw them.
    expect(await countEntries(join(root, 'pglite'))).toBeGreaterThan(500)
  }, 180_000)

  it('tightens a PGlite folder and an issuer folder an older version left 0755 with 0666/0644 files', async () => {
    const root = await tempDir()
    const dataDir = join(root, 'pglite')
    const issuerDir = join(root, 'issuer')
    // What the previous version left behind: PGlite opened directly, under the usual umask.
    await withUsualUmask(async () => {
      const { PGlite } = await import('@electric-sql/pglite')
      const old = await PGlite.create(dataDir)
      await old.close()
      await KeyStore.open({ stateDir: issuerDir })
      await writeFile(join(issuerDir, 'notes.txt'), "the user's", { mode: 0o644 })
    })
    // An older version wrote the key file and its folder with the umask's modes.
    await chmod(issuerDir, 0o755)
    await chmod(join(issuerDir, 'keys.json'), 0o644)
    await chmod(root, 0o755)
    const before = await entriesNotOwnerOnly(root)
    expect(before.filter((line) => line.endsWith(' 666')).length).toBeGreaterThan(500)
    expect(before).toContain('issuer 755')
    expect(before).toContain('issuer/keys.json 644')

    await withUsualUmask(async () => {
      const database = await openDatabase({ pgliteDataDir: dataDir })
      try {
        await writeSome(database.pool)
      } finally {
        await database.close()
      }
      await KeyStore.open({ stateDir: issuerDir })
    })
    // The root is the caller's (here mkdtemp's): only the folders the components own are tightened.
    expect(await entriesNotOwnerOnly(dataDir)).toEqual([])
    // The issuer's folder and key file are tightened (the persisted key is reused, not rewritten);
    // a file the issuer does not write keeps its mode.
    expect(await entriesNotOwnerOnly(issuerDir)).toEqual(['notes.txt 644'])
  }, 180_000)
})
