import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { startAuthServer, type AuthServer } from '../../web/auth-server/start-auth-server.ts'
import { loadOrCreateAuthSecret } from '../../web/web-stack/auth-secret.ts'
import { DEMO_EMAIL, ensureDemoAccount } from '../../web/web-stack/demo-account.ts'

const dirs: string[] = []
const tempDir = async () => {
  const dir = await mkdtemp(join(tmpdir(), 'tck-state-'))
  dirs.push(dir)
  return dir
}
afterAll(() => Promise.all(dirs.map((dir) => rm(dir, { recursive: true, force: true }))))

describe('loadOrCreateAuthSecret', () => {
  it('generates a 43-character secret once, keeps it private, and returns the same one afterwards', async () => {
    const file = join(await tempDir(), 'nested', 'auth-secret')
    const first = await loadOrCreateAuthSecret(file)
    expect(first).toMatch(/^[\w-]{43}$/)
    expect((await stat(file)).mode & 0o777).toBe(0o600)
    expect(await loadOrCreateAuthSecret(file)).toBe(first)
  })

  it('prefers the given secret and leaves the file alone', async () => {
    const file = join(await tempDir(), 'auth-secret')
    expect(await loadOrCreateAuthSecret(file, 'g'.repeat(40))).toBe('g'.repeat(40))
    await expect(stat(file)).rejects.toThrow()
  })

  it('replaces a stored value too short to be a secret', async () => {
    const file = join(await tempDir(), 'auth-secret')
    await writeFile(file, 'short\n')
    expect(await loadOrCreateAuthSecret(file)).toMatch(/^[\w-]{43}$/)
  })
})

describe('ensureDemoAccount', () => {
  let server: AuthServer
  afterAll(() => server?.close())

  it('creates the demo account once, signs it in afterwards, and picks a new address when its password is lost', async () => {
    server = await startAuthServer({ port: 0, secret: 's'.repeat(32) })
    const file = join(await tempDir(), 'demo-account.json')
    const created = await ensureDemoAccount(server.url, file)
    expect(created.email).toBe(DEMO_EMAIL)
    expect(created.token.split('.')).toHaveLength(3)
    expect((await stat(file)).mode & 0o777).toBe(0o600)

    const again = await ensureDemoAccount(server.url, file)
    expect(again.userId).toBe(created.userId)
    expect(again.password).toBe(created.password)

    await rm(file)
    const replacement = await ensureDemoAccount(server.url, file)
    expect(replacement.email).not.toBe(DEMO_EMAIL)
    expect(replacement.userId).not.toBe(created.userId)
    expect(JSON.parse(await readFile(file, 'utf8')).email).toBe(replacement.email)
  }, 60_000)
})
