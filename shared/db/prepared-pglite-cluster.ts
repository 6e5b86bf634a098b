import { existsSync, readFileSync } from 'node:fs'
import { cp, mkdir, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises'
import { homedir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { PGlite } from '@electric-sql/pglite'
import { secureStateDir } from '../fs/secure-state-dir.ts'

/**
 * A fresh PGlite cluster, prepared once and copied into every new database instead of running
 * `initdb` again. Measured on a 2-core machine: `PGlite.create` with initdb 3.5–9.6 s, from the
 * prepared tarball (`loadDataDir`) ~1.1 s; `tck start` opens two new clusters on a cold start.
 * The tarball is what initdb wrote before anything else ran (no data, no secrets); it is keyed by
 * PGlite's version, since another version's initdb may write another catalogue. For a folder, the
 * tarball is also kept unpacked (a cleanly closed cluster, safe to copy as a cold backup is): a
 * native copy and a normal open take ~0.7–1.2 s against 1.7–2.9 s for `loadDataDir` (same load).
 */

/** Environment variable naming the cache folder, or `off` to keep the prepared cluster in memory only. */
export const CACHE_DIR_ENV = 'TCK_CACHE_DIR'

/**
 * The cache folder: `$TCK_CACHE_DIR`, else `$XDG_CACHE_HOME/tasks-tck`, else `~/.cache/tasks-tck`;
 * `undefined` when `TCK_CACHE_DIR=off`.
 */
export function pgliteCacheDir(env: Record<string, string | undefined> = process.env): string | undefined {
  const explicit = env[CACHE_DIR_ENV]?.trim()
  if (explicit === 'off') return undefined
  if (explicit) return explicit
  return join(env.XDG_CACHE_HOME?.trim() || join(homedir(), '.cache'), 'tasks-tck')
}

let version: string | undefined
function pgliteVersion(): string {
  if (version) return version
  // The package does not export its package.json: found from its entry point (dist/index.js).
  const entry = fileURLToPath(import.meta.resolve('@electric-sql/pglite'))
  version = (JSON.parse(readFileSync(join(dirname(dirname(entry)), 'package.json'), 'utf8')) as { version: string }).version
  return version
}

/** Where the prepared cluster of this PGlite version is kept, or `undefined` when caching is off. */
export function preparedClusterFile(env?: Record<string, string | undefined>): string | undefined {
  const dir = pgliteCacheDir(env)
  return dir && join(dir, `pglite-${pgliteVersion()}-initdb.tar.gz`)
}

/** The unpacked prepared cluster (a folder beside {@link preparedClusterFile}), or `undefined` when caching is off. */
export function preparedClusterDir(env?: Record<string, string | undefined>): string | undefined {
  return preparedClusterFile(env)?.replace(/\.tar\.gz$/, '')
}

/**
 * Unpacks the prepared tarball into `dir` (opened with `loadDataDir`, closed cleanly, then renamed
 * into place, so a concurrent start never copies half a folder). @returns whether `dir` is ready.
 */
async function unpackPrepared(dir: string, prepared: Blob): Promise<boolean> {
  const { PGlite } = await import('@electric-sql/pglite')
  const partial = `${dir}.${process.pid}.partial`
  try {
    await secureStateDir(partial, 'all')
    await (await PGlite.create(partial, { loadDataDir: prepared })).close()
    await secureStateDir(partial, 'all')
    await rename(partial, dir)
  } catch {
    // Another process renamed its copy first, or the cache is read-only: loadDataDir it is.
  } finally {
    await rm(partial, { recursive: true, force: true })
  }
  return existsSync(join(dir, 'PG_VERSION'))
}

/** This process's copy, so a second database never reads the file (or runs initdb) again. */
let inMemory: Blob | undefined

/** Drops this process's copy, so the next new cluster reads {@link preparedClusterFile} again (tests). */
export function forgetPreparedCluster(): void {
  inMemory = undefined
}

async function readPrepared(file: string | undefined): Promise<Blob | undefined> {
  if (inMemory || !file) return inMemory
  try {
    inMemory = new Blob([await readFile(file)])
  } catch {
    // No cache yet (or unreadable): this start runs initdb and writes it.
  }
  return inMemory
}

async function savePrepared(pglite: PGlite, file: string | undefined): Promise<void> {
  inMemory = await pglite.dumpDataDir('gzip')
  if (!file) return
  try {
    await mkdir(dirname(file), { recursive: true, mode: 0o700 })
    // Written aside and renamed: processes starting together never read a half-written tarball.
    const partial = `${file}.${process.pid}.partial`
    await writeFile(partial, Buffer.from(await inMemory.arrayBuffer()), { mode: 0o600 })
    await rename(partial, file)
  } catch {
    // A read-only home only costs the next start its initdb.
  }
}

/**
 * Opens PGlite on `dataDir` (a folder or `memory://`). An existing cluster is opened as is; a new
 * one is copied from the prepared cluster when there is one (a folder: the unpacked copy of
 * {@link preparedClusterDir}, made on first use; `memory://`: the tarball), else made by initdb and
 * then kept as the prepared cluster (in this process, and in {@link preparedClusterFile} unless
 * `TCK_CACHE_DIR=off`). A prepared tarball that fails to load is deleted and initdb runs instead.
 */
export async function createPGlite(dataDir: string, env?: Record<string, string | undefined>): Promise<PGlite> {
  const { PGlite } = await import('@electric-sql/pglite')
  const onDisk = !dataDir.startsWith('memory://')
  if (onDisk && existsSync(join(dataDir, 'PG_VERSION'))) return PGlite.create(dataDir)
  const file = preparedClusterFile(env)
  const prepared = await readPrepared(file)
  const folder = preparedClusterDir(env)
  if (onDisk && prepared && folder && (existsSync(join(folder, 'PG_VERSION')) || (await unpackPrepared(folder, prepared)))) {
    await cp(folder, dataDir, { recursive: true })
    try {
      return await PGlite.create(dataDir)
    } catch {
      // A damaged prepared folder: what was copied from it goes (only that: the folder held no cluster), and so does it.
      for (const name of await readdir(folder)) await rm(join(dataDir, name), { recursive: true, force: true })
      await rm(folder, { recursive: true, force: true })
    }
  }
  if (prepared) {
    try {
      return await PGlite.create(dataDir, { loadDataDir: prepared })
    } catch {
      inMemory = undefined
      if (file) await rm(file, { force: true })
      // A tarball cut short leaves no PG_VERSION, so initdb below starts over in the same folder.
      if (onDisk && existsSync(join(dataDir, 'PG_VERSION'))) throw new Error(`PGlite could not open ${dataDir} from the prepared cluster`)
    }
  }
  const pglite = await PGlite.create(dataDir)
  await savePrepared(pglite, file)
  return pglite
}
