import { randomBytes } from 'node:crypto'
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises'
import { dirname } from 'node:path'
import { BetterAuthRequestError, signInAndGetToken, signUpAndGetToken, type SessionToken } from '../auth-server/better-auth-session.ts'

/** The local demo account `tck start` keeps ready, so its printed curl line works at once. */
export interface DemoAccount extends SessionToken {
  email: string
  password: string
}

/** Email of the demo account. */
export const DEMO_EMAIL = 'demo@tasks-tck.dev'

/**
 * Signs the demo account in with the password kept in `file`, or (first start, or after the database
 * was reset) creates it with a new random password and keeps that in `file` (mode 0600). Local
 * development only: the password is a throw-away value on the developer's own machine.
 */
export async function ensureDemoAccount(baseURL: string, file: string): Promise<DemoAccount> {
  const stored = await readFile(file, 'utf8')
    .then((text) => JSON.parse(text) as { email?: unknown; password?: unknown })
    .catch(() => undefined)
  if (stored && typeof stored.email === 'string' && typeof stored.password === 'string') {
    try {
      const session = await signInAndGetToken({ baseURL, email: stored.email, password: stored.password })
      return { ...session, email: stored.email, password: stored.password }
    } catch (error) {
      // 401: the database no longer has this account (e.g. a fresh PGlite folder); create it again.
      if (!(error instanceof BetterAuthRequestError) || error.status !== 401) throw error
    }
  }
  const password = randomBytes(12).toString('base64url')
  let email = DEMO_EMAIL
  let session: SessionToken
  try {
    session = await signUpAndGetToken({ baseURL, email, password, name: 'Demo' })
  } catch (error) {
    // The account exists but its password file is gone (a shared DATABASE_URL, a deleted .tck/): use a fresh address.
    if (!(error instanceof BetterAuthRequestError) || !error.code?.startsWith('USER_ALREADY_EXISTS')) throw error
    email = `demo-${randomBytes(4).toString('hex')}@tasks-tck.dev`
    session = await signUpAndGetToken({ baseURL, email, password, name: 'Demo' })
  }
  await mkdir(dirname(file), { recursive: true, mode: 0o700 })
  // writeFile's mode applies only when it creates the file: an existing one (maybe 0644) is removed first.
  await rm(file, { force: true })
  await writeFile(file, `${JSON.stringify({ email, password }, null, 2)}\n`, { mode: 0o600 })
  return { ...session, email, password }
}
