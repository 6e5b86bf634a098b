import { randomBytes } from 'node:crypto'
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'

/** Characters of a generated secret (32 random bytes, base64url). */
const GENERATED_LENGTH = 43

/**
 * The Better Auth secret for a local stack: `given` (BETTER_AUTH_SECRET) when set, else the one kept
 * in `file`, else a new random one written there (mode 0600). It must stay the same across restarts:
 * Better Auth encrypts the private JWKS keys with it, so a new secret would make the persisted
 * `jwks` table unusable (every token request would fail).
 */
export async function loadOrCreateAuthSecret(file: string, given?: string): Promise<string> {
  if (given !== undefined && given !== '') return given
  const stored = await readFile(file, 'utf8')
    .then((text) => text.trim())
    .catch(() => '')
  if (stored.length >= 32) return stored
  const secret = randomBytes(32).toString('base64url')
  if (secret.length !== GENERATED_LENGTH) throw new Error('unexpected secret length')
  await mkdir(dirname(file), { recursive: true, mode: 0o700 })
  // writeFile's mode applies only when it creates the file: an existing one (maybe 0644) is removed first.
  await rm(file, { force: true })
  await writeFile(file, `${secret}\n`, { mode: 0o600 })
  return secret
}
