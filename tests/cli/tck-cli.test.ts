import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { useTckProcesses } from '../support/spawn-tck.ts'

const { tck: run, tempDir } = useTckProcesses('tck-cli-')

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
      JWKS_URL: jwksUrl!, JWT_ISSUER: base!, JWT_AUDIENCE: base!, PGLITE_DATA_DIR: 'memory://', JWKS_COOLDOWN_SECONDS: '0', LOG_LEVEL: 'warn',
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
  it('serves the API on PGlite and prints a curl line that works', async () => {
    const cwd = tempDir()
    const p = run(['start', '--port', '0', '--issuer-port', '0'], { LOG_LEVEL: 'warn', TCK_FAULT: 'skip-ownership-check' }, cwd)
    await p.waitFor(/Ready\./, 60_000)
    const [, token, url] = (await p.waitFor(/curl -H "Authorization: Bearer (\S+)" (\S+)/))
    const res = await fetch(url!, { headers: { authorization: `Bearer ${token}` } })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ data: [], count: 0 })
    expect(p.output()).toContain('PGlite in .tck/pglite')
    // TCK_FAULT never reaches the server npm start runs.
    expect(p.output()).not.toContain('TCK_FAULT is on')
    const other = await fetch(url!.replace('/api/user_alice/', '/api/someone_else/'), { headers: { authorization: `Bearer ${token}` } })
    expect(other.status).toBe(403)
    expect(await p.stop('SIGTERM')).toBe(0)
  }, 90_000)
})
