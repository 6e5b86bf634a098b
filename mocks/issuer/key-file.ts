import { mkdir, readFile, rename, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { isIssuerAlgorithm } from './signing-key.ts'
import type { StoredKey } from './key-ring.ts'

export type { StoredKey }

/** Reads the keys persisted at `file`; `[]` when the file does not exist yet. */
export async function readKeyFile(file: string): Promise<StoredKey[]> {
  let text: string
  try {
    text = await readFile(file, 'utf8')
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return []
    throw err
  }
  // The file holds private keys: errors say that it is invalid, never quote its content
  // (V8's JSON.parse messages include a snippet of the input).
  let parsed: unknown
  try {
    parsed = JSON.parse(text)
  } catch {
    throw new Error(`Invalid key file (not JSON): ${file}`)
  }
  const keys = (parsed as { keys?: unknown } | null)?.keys
  if (!Array.isArray(keys) || !keys.every(isStoredKey)) throw new Error(`Invalid key file: ${file}`)
  return keys
}

/** Atomically replaces `file` with `keys`, creating its directory (mode 0700) and the file with mode 0600. */
export async function writeKeyFile(file: string, keys: readonly StoredKey[]): Promise<void> {
  await mkdir(dirname(file), { recursive: true, mode: 0o700 })
  // Write-then-rename so a crash never leaves a half-written key file behind.
  const tmp = `${file}.${process.pid}.tmp`
  await writeFile(tmp, `${JSON.stringify({ version: 1, keys }, null, 2)}\n`, { mode: 0o600 })
  await rename(tmp, file)
}

function isStoredKey(value: unknown): value is StoredKey {
  if (typeof value !== 'object' || value === null) return false
  const r = value as Partial<Record<keyof StoredKey, unknown>>
  return (
    typeof r.kid === 'string' &&
    isIssuerAlgorithm(r.alg) &&
    typeof r.createdAt === 'number' &&
    (r.retiredAt === undefined || typeof r.retiredAt === 'number') &&
    typeof r.privateJwk === 'object' &&
    r.privateJwk !== null
  )
}
