import { lstat, readdir } from 'node:fs/promises'
import { join, relative } from 'node:path'

/**
 * Every entry under `root` (itself included) whose permission bits are not owner-only: directories
 * must be 0700 and regular files 0600. Returns `relative/path mode` lines (empty when all is
 * private), so a failing assertion names the files. Symbolic links are listed as such, never followed.
 */
export async function entriesNotOwnerOnly(root: string): Promise<string[]> {
  const found: string[] = []
  const visit = async (path: string): Promise<void> => {
    const stats = await lstat(path)
    const mode = stats.mode & 0o7777
    const name = relative(root, path) || '.'
    if (stats.isSymbolicLink()) found.push(`${name} symlink`)
    else if (stats.isDirectory()) {
      if (mode !== 0o700) found.push(`${name} ${mode.toString(8)}`)
      for (const entry of await readdir(path)) await visit(join(path, entry))
    } else if (mode !== 0o600) found.push(`${name} ${mode.toString(8)}`)
  }
  await visit(root)
  return found
}

/** How many directories and files are under `root` (itself included), to show a walk saw something. */
export async function countEntries(root: string): Promise<number> {
  const stats = await lstat(root)
  if (!stats.isDirectory()) return 1
  let count = 1
  for (const entry of await readdir(root)) count += await countEntries(join(root, entry))
  return count
}
