import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { decodeJwt } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signUpAndGetToken } from '../../web/auth-server/better-auth-session.ts'
import { startWebStack, type WebStack } from '../../web/web-stack/start-web-stack.ts'

let stack: WebStack
let outDir: string

beforeAll(async () => {
  outDir = await mkdtemp(join(tmpdir(), 'tck-web-stack-'))
  stack = await startWebStack({
    webPort: 0,
    apiPort: 0,
    authSecret: randomBytes(32).toString('base64url'),
    authPgliteDataDir: 'memory://',
    apiEnv: { PGLITE_DATA_DIR: 'memory://', LOG_LEVEL: 'warn', CORS_ORIGINS: 'https://app.example' },
    tokenTtlSeconds: 120,
    refreshMarginSeconds: 7,
    webOutDir: outDir,
  })
}, 60_000)

afterAll(async () => {
  await stack?.close()
  await rm(outDir, { recursive: true, force: true })
})

const signUp = (origin?: string) =>
  signUpAndGetToken({
    baseURL: stack.webUrl,
    name: 'Web',
    email: `web-${randomBytes(4).toString('hex')}@example.test`,
    password: 'a-long-password',
    ...(origin ? { origin } : {}),
  })

describe('startWebStack', () => {
  it('names both servers by localhost while binding the loopback address', () => {
    expect(stack.webUrl).toMatch(/^http:\/\/localhost:\d+$/)
    expect(stack.apiUrl).toMatch(/^http:\/\/localhost:\d+$/)
    expect(stack.apiConfig.jwksUrl).toBe(`${stack.webUrl}/api/auth/jwks`)
    expect(stack.apiConfig.jwtIssuer).toBe(stack.webUrl)
  })

  it('serves the web app: index.html for deep links, 404 for a missing asset, and the runtime config', async () => {
    const deep = await fetch(`${stack.webUrl}/tasks/123`)
    expect(deep.status).toBe(200)
    expect(await deep.text()).toContain('/app-config.js')
    expect((await fetch(`${stack.webUrl}/missing.js`)).status).toBe(404)
    const config = await (await fetch(`${stack.webUrl}/app-config.js`)).text()
    expect(config).toContain(JSON.stringify(stack.apiUrl))
    expect(config).toContain('"refreshMarginSeconds":7')
    expect(config).toContain('"mode":"real"')
  })

  it('issues tokens with the configured lifetime and its own URL as issuer and audience, which the API accepts', async () => {
    const { userId, token } = await signUp()
    const claims = decodeJwt(token)
    expect(claims.exp! - claims.iat!).toBe(120)
    expect(claims.iss).toBe(stack.webUrl)
    expect(claims.aud).toBe(stack.webUrl)
    const res = await fetch(`${stack.apiUrl}/api/${userId}/tasks`, { headers: { authorization: `Bearer ${token}`, origin: stack.webUrl } })
    expect(res.status).toBe(200)
    expect(res.headers.get('access-control-allow-origin')).toBe(stack.webUrl)
  })

  it('trusts both loopback spellings of its own origin and no other', async () => {
    const port = new URL(stack.webUrl).port
    await expect(signUp(`http://127.0.0.1:${port}`)).resolves.toMatchObject({ token: expect.any(String) })
    await expect(signUp('http://evil.example')).rejects.toMatchObject({ status: 403 })
  })

  it('keeps the configured CORS origins and adds the web app', async () => {
    const allowed = (origin: string) =>
      fetch(`${stack.apiUrl}/api/u/tasks`, {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'GET', 'access-control-request-headers': 'authorization' },
      }).then((res) => res.headers.get('access-control-allow-origin'))
    expect(await allowed('https://app.example')).toBe('https://app.example')
    expect(await allowed(stack.webUrl)).toBe(stack.webUrl)
    expect(await allowed('http://evil.example')).toBeNull()
  })
})
