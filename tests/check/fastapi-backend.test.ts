import { spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { startAuthServer, type AuthServer } from '../../web/auth-server/start-auth-server.ts'
import { PYTHON, startFastApiExample } from '../support/fastapi-example.ts'
import { spawnTck, type TckProcess } from '../support/spawn-tck.ts'
import { testEnv } from '../support/test-env.ts'

/**
 * The checklist against a backend in another language: the FastAPI example (Debian's
 * python3-fastapi, PyJWT), in every auth mode that applies to it.
 */
const hasFastApi = spawnSync(PYTHON, ['-c', 'import fastapi, uvicorn, jwt, cryptography']).status === 0
const MISSING = 'FastAPI is not installed for /usr/bin/python3: run sh examples/fastapi-backend/install.sh'
// Under CI the dependency is installed by .ci/run; a skip there would hide a broken install.
if (!hasFastApi && testEnv.ci) throw new Error(MISSING)

const processes: (ChildProcess | TckProcess)[] = []
const dirs: string[] = []
let authServer: AuthServer | undefined
afterAll(async () => {
  for (const p of processes) 'stop' in p ? await p.stop('SIGKILL') : p.kill('SIGKILL')
  await authServer?.close()
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

/** Starts the FastAPI example with `env`; resolves with its URL. */
const startFastApi = (env: Record<string, string>) => startFastApiExample(env, (child) => processes.push(child))

async function check(args: string[]) {
  const p = spawnTck(['check', ...args])
  processes.push(p)
  const code = await p.exited
  return { code, output: p.output() }
}

describe.skipIf(!hasFastApi)(`tck check against the FastAPI example${hasFastApi ? '' : ` (skipped: ${MISSING})`}`, () => {
  it('passes in jwks mode, trusting an issuer started with tck issuer', async () => {
    const stateDir = mkdtempSync(join(tmpdir(), 'tck-fastapi-'))
    dirs.push(stateDir)
    const issuer = spawnTck(['issuer', '--port', '0', '--state-dir', stateDir])
    processes.push(issuer)
    const [, issuerUrl] = await issuer.waitFor(/^JWT_ISSUER=(\S+)$/m)
    const api = await startFastApi({ JWKS_URL: `${issuerUrl}/api/auth/jwks`, JWT_ISSUER: issuerUrl!, JWT_AUDIENCE: issuerUrl! })
    const { code, output } = await check(['--target', api, '--issuer-url', issuerUrl!])
    expect(output).toMatch(/Items: \d+ passed, 0 failed/)
    expect(output).toMatch(/PASS\s+BOLA-002/)
    expect(output).toMatch(/SKIP\s+JWKS-003 .*--thorough/)
    expect(code).toBe(0)
  }, 120_000)

  it('passes in shared-secret mode (HS256 with BETTER_AUTH_SECRET), mounted under another base path', async () => {
    const secret = 'tck-shared-secret-for-the-fastapi-example'
    const api = await startFastApi({ BETTER_AUTH_SECRET: secret, API_PREFIX: '/v1' })
    const { code, output } = await check(['--target', api, '--auth', 'shared-secret', '--secret', secret, '--base-path', '/v1'])
    expect(output).toMatch(/Items: \d+ passed, 0 failed/)
    expect(output).toMatch(/SKIP\s+AUTH-007 .*shared-secret/)
    expect(code).toBe(0)
  }, 120_000)

  it('passes in better-auth mode, with real users and tokens from a running Better Auth', async () => {
    authServer = await startAuthServer({
      port: 0,
      secret: 'tck-better-auth-secret-0123456789abcdef',
      pgliteDataDir: 'memory://',
      trustedOrigins: ['http://localhost:3000'],
    })
    const api = await startFastApi({ JWKS_URL: `${authServer.url}/api/auth/jwks`, JWT_ISSUER: authServer.baseURL, JWT_AUDIENCE: authServer.baseURL })
    const { code, output } = await check(['--target', api, '--auth', 'better-auth', '--better-auth-url', authServer.url])
    expect(output).toMatch(/Items: \d+ passed, 0 failed/)
    expect(output).toMatch(/SKIP\s+AUTH-013 .*private key/)
    expect(output).toMatch(/PASS\s+AUTH-007/)
    expect(code).toBe(0)
  }, 180_000)
})
