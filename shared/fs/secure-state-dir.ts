/**
 * Owner-only modes for the local state the toolkit keeps (PGlite data, signing keys, the auth
 * secret, the demo account): directories 0700 and files 0600, as `initdb` does for PostgreSQL.
 * A walk, not a umask: PGlite (Emscripten's NODEFS) sets file modes itself with its own umask 022,
 * so the process umask changes its directories only (measured: the same 968 files of mode 0666
 * under umask 0022 and 0077). It writes its initial cluster 0666 and `pg_internal.init` 0644 on every open; what
 * PostgreSQL creates later (tables, WAL segments) is 0600 already. So: walk after opening.
 */
import { chmod, lstat, mkdir, readdir, stat } from 'node:fs/promises'
import { join } from 'node:path'

/** Permission bits removed from everything the toolkit owns under a state directory: all of group's and other's. */
const GROUP_AND_OTHER = 0o077

/**
 * Which entries directly under the state directory the toolkit wrote and may tighten (each walked
 * fully, symbolic links excepted), or `'all'` for a folder that is wholly the toolkit's (a PGlite
 * data folder: every file in it is PostgreSQL's).
 */
export type OwnedEntries = readonly string[] | 'all'

/**
 * Makes `dir` (created with its missing parents when absent) 0700 and the entries the toolkit owns
 * in it owner-only: group and other permission bits are removed, so a toolkit-written 0644/0666
 * file becomes 0600 and a 0755 directory 0700; owner bits stay as they are. `dir` may be a folder
 * the user chose (`tck start --state-dir .`, `tck issuer --state-dir ~/shared`) that also holds
 * their own files, so with a list only the named entries are touched; anything else keeps its mode.
 * `dir` itself may be a symbolic link (followed: it is the folder the user named); below it links
 * are neither followed nor changed, so nothing outside is touched. Idempotent; cheap enough to run
 * at every start (it only calls chmod where a mode is too open).
 * @param dir the state folder (an issuer or `tck start` state dir, a PGlite data folder)
 * @param owned the names in `dir` the toolkit writes, or `'all'` when `dir` is wholly the toolkit's
 */
export async function secureStateDir(dir: string, owned: OwnedEntries): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 })
  // stat, not lstat: a state folder that is a link to a folder is secured, not skipped.
  const stats = await stat(dir)
  if (!stats.isDirectory()) throw new Error(`State directory is not a directory: ${dir}`)
  if ((stats.mode & 0o777) !== 0o700) await chmod(dir, 0o700)
  const names = owned === 'all' ? ((await ifPresent(readdir(dir))) ?? []) : owned
  await Promise.all(names.map((name) => tighten(join(dir, name))))
}

async function tighten(path: string): Promise<void> {
  const stats = await ifPresent(lstat(path))
  if (!stats || stats.isSymbolicLink()) return
  if ((stats.mode & GROUP_AND_OTHER) !== 0) await ifPresent(chmod(path, stats.mode & 0o7777 & ~GROUP_AND_OTHER))
  if (!stats.isDirectory()) return
  // Siblings in parallel (lstat and chmod hold no descriptor): measured ~63 → ~36 ms for the 2,045
  // entries of a `tck start` state dir.
  await Promise.all(((await ifPresent(readdir(path))) ?? []).map((name) => tighten(join(path, name))))
}

/** `undefined` when the entry vanished while we walked (PGlite deletes temporary files): nothing left to protect. */
async function ifPresent<T>(operation: Promise<T>): Promise<T | undefined> {
  try {
    return await operation
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined
    throw error
  }
}
