import { execFile } from 'node:child_process'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { describe, expect, it } from 'vitest'
import { signUpAndGetToken } from '../../web/auth-server/better-auth-session.ts'
import { entriesNotOwnerOnly } from '../support/file-modes.ts'
import { useTckProcesses, type TckProcess } from '../support/spawn-tck.ts'

const { tck: run, tempDir } = useTckProcesses('tck-cli-')

/** Any JWT (a header and a payload that are base64url JSON objects, and a signature). */
const JWT = /eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/

/**
 * The "Try it" lines of `tck start`: runs the printed `TOKEN=$(…)` line in sh, as a person would,
 * and returns the token it fetched and the printed list URL. The output itself must hold no token.
 */
async function tryItToken(p: TckProcess): Promise<{ token: string; url: string }> {
  const [, tokenLine] = await p.waitFor(/^ {2}(TOKEN=\$\(.*\))$/m)
  const [, url] = await p.waitFor(/curl -H "Authorization: Bearer \$TOKEN" (\S+)/)
  expect(p.output()).not.toMatch(JWT)
  const { stdout: token } = await promisify(execFile)('sh', ['-c', `${tokenLine}\nprintf %s "$TOKEN"`], { timeout: 15_000 })
  expect(token).toMatch(JWT)
  return { token, url: url! }
}

describe('tck --help', () => {
  it.each(['start', 'serve', 'issuer'])('prints the usage of tck %s and exits 0', async (command) => {
    const p = run([command, '--help'])
    expect(await p.exited).toBe(0)
    expect(p.output()).toContain(`Usage: tck ${command}`)
  })

  it('lists every command', async () => {
    const p = run(['--help'])
    expect(await p.exited).toBe(0)
    for (const command of ['start', 'serve', 'issuer']) expect(p.output()).toMatch(new RegExp(`^  ${command} `, 'm'))
  })

  it('exits 2 on an unknown command', async () => {
    const p = run(['frobnicate'])
    expect(await p.exited).toBe(2)
    expect(p.output()).toContain('unknown command "frobnicate"')
  })
})

describe('tck serve', () => {
  it('reports every configuration problem at once and exits 2', async () => {
    const p = run(['serve'], { JWT_ALGORITHMS: 'HS256', CORS_ORIGINS: '*' })
    expect(await p.exited).toBe(2)
    expect(p.output()).toMatch(/JWKS_URL is required[\s\S]*HS256[\s\S]*CORS_ORIGINS/)
  })

  it('trusts an issuer process it has never seen, follows its key rotation, and stops cleanly on SIGTERM', async () => {
    const issuer = run(['issuer', '--port', '0', '--state-dir', join(tempDir(), 'issuer')])
    const [, jwksUrl] = await issuer.waitFor(/^JWKS_URL=(\S+)$/m)
    const [, base] = await issuer.waitFor(/^JWT_ISSUER=(\S+)$/m)
    const server = run(['serve', '--port', '0'], {
      JWKS_URL: jwksUrl!,
      JWT_ISSUER: base!,
      JWT_AUDIENCE: base!,
      PGLITE_DATA_DIR: 'memory://',
      JWKS_COOLDOWN_SECONDS: '0',
      LOG_LEVEL: 'warn',
    })
    const [, api] = await server.waitFor(/Task API listening on (\S+)/, 60_000)
    const tokenFor = async (sub: string) => (await (await fetch(`${base}/api/auth/token?sub=${sub}`)).json()).token as string
    const list = async (token: string) => fetch(`${api}/api/user_cli/tasks`, { headers: { authorization: `Bearer ${token}` } })

    const before = await tokenFor('user_cli')
    expect((await list(before)).status).toBe(200)
    const rotated = await (await fetch(`${base}/__tck/rotate`, { method: 'POST' })).json()
    expect(rotated.kid).not.toBe(rotated.previousKid)
    const after = await tokenFor('user_cli')
    expect((await list(after)).status).toBe(200)
    expect((await list(before)).status).toBe(200)

    expect(await server.stop('SIGTERM')).toBe(0)
    expect(await issuer.stop('SIGTERM')).toBe(0)
    expect(server.output()).not.toContain(after)
  }, 90_000)
})

describe('tck start', () => {
  it('runs Better Auth with the web app and the API on PGlite; a new user signs up and manages tasks', async () => {
    const cwd = tempDir()
    const p = run(['start', '--port', '0', '--web-port', '0'], { LOG_LEVEL: 'warn', TCK_FAULT: 'skip-ownership-check' }, cwd)
    await p.waitFor(/Ready\./, 90_000)
    const [, web] = await p.waitFor(/Web app +(\S+)/)
    const { token, url } = await tryItToken(p)
    expect(p.output()).toContain('PGlite in .tck/pglite')
    expect(p.output()).not.toContain('TCK_FAULT is on')

    // The printed lines work, and only for the demo user.
    const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ data: [], count: 0 })
    const other = await fetch(url.replace(/\/api\/[^/]+\//, '/api/someone_else/'), { headers: { authorization: `Bearer ${token}` } })
    expect(other.status).toBe(403)

    // The web app is served, deep links included, with its runtime config naming the API.
    const page = await fetch(`${web}/tasks`)
    expect(page.headers.get('content-type')).toMatch(/text\/html/)
    const config = await (await fetch(`${web}/app-config.js`)).text()
    expect(config).toContain(new URL(url).origin.replace('127.0.0.1', 'localhost'))

    // A person signing up gets a Better Auth JWT the API accepts (the browser flow is in tests/e2e).
    const session = await signUpAndGetToken({ baseURL: web!, name: 'New', email: 'new@example.test', password: 'a-long-password' })
    const api = new URL(url).origin
    const created = await fetch(`${api}/api/${session.userId}/tasks`, {
      method: 'POST',
      headers: { authorization: `Bearer ${session.token}`, 'content-type': 'application/json', origin: web! },
      body: '{"title":"From the CLI test"}',
    })
    expect(created.status).toBe(201)
    expect(created.headers.get('access-control-allow-origin')).toBe(web)
    expect(await p.stop('SIGTERM')).toBe(0)

    // Restarted on the same folder: same secret, same keys, the demo account signs in again.
    const again = run(['start', '--port', '0', '--web-port', '0'], { LOG_LEVEL: 'warn' }, cwd)
    await again.waitFor(/Ready\./, 90_000)
    const { token: token2, url: url2 } = await tryItToken(again)
    expect(url2.replace(/:\d+/, '')).toBe(url.replace(/:\d+/, ''))
    const list = await fetch(url2, { headers: { authorization: `Bearer ${token2}` } })
    expect(list.status).toBe(200)
    expect(await again.stop('SIGTERM')).toBe(0)

    // F11: the state (both PGlite folders, secret, demo account, the built app) is owner-only.
    expect(await entriesNotOwnerOnly(join(cwd, '.tck'))).toEqual([])
  }, 240_000)

  it('with --auth simulated serves the API with the simulated issuer and prints curl lines that work', async () => {
    const cwd = tempDir()
    const p = run(['start', '--auth', 'simulated', '--port', '0', '--issuer-port', '0'], { LOG_LEVEL: 'warn' }, cwd)
    await p.waitFor(/Ready\./, 60_000)
    const { token, url } = await tryItToken(p)
    const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ data: [], count: 0 })
    const other = await fetch(url.replace('/api/user_alice/', '/api/someone_else/'), { headers: { authorization: `Bearer ${token}` } })
    expect(other.status).toBe(403)
    expect(await p.stop('SIGTERM')).toBe(0)
    expect(await entriesNotOwnerOnly(join(cwd, '.tck'))).toEqual([])
  }, 90_000)

  it('reports every bad option at once and exits 2', async () => {
    const p = run(['start', '--web-port', '70000', '--token-ttl', '0', '--auth', 'magic'])
    expect(await p.exited).toBe(2)
    expect(p.output()).toMatch(/--web-port[\s\S]*--token-ttl[\s\S]*--auth/)
  })
})
