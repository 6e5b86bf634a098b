import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { gunzipSync } from 'node:zlib'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startAuthServer, type AuthServer } from '../../web/auth-server/start-auth-server.ts'
import { startTrustingBackend } from '../support/trusting-backend.ts'
import { useTckProcesses } from '../support/spawn-tck.ts'

/**
 * No live credential leaves a run: against a backend that accepts every token (so every hostile
 * token is one it accepted), no console line and no report of any auth mode holds one of them,
 * nor the shared secret.
 */
const { tck, tempDir } = useTckProcesses('tck-secrets-')
let backend: Awaited<ReturnType<typeof startTrustingBackend>>
let authServer: AuthServer
const SECRET = 'tck-report-secret-0123456789-abcdefghij'

beforeAll(async () => {
  backend = await startTrustingBackend()
  authServer = await startAuthServer({
    port: 0,
    secret: 'tck-better-auth-secret-0123456789abcdef',
    pgliteDataDir: 'memory://',
    trustedOrigins: ['http://localhost:3000'],
  })
}, 60_000)
afterAll(async () => {
  await backend?.close()
  await authServer?.close()
})

/** Every file under `dir`, as text (the HTML report's gzipped metadata unpacked). */
function reportTexts(dir: string): string[] {
  return readdirSync(dir, { recursive: true })
    .map(String)
    .map((f) => join(dir, f))
    .filter((f) => statSync(f).isFile())
    .map((f) => (f.endsWith('.gz') ? gunzipSync(readFileSync(f)).toString('utf8') : readFileSync(f, 'utf8')))
}

const MODES: [string, string[], Record<string, string>][] = [
  ['jwks (with a shared secret tried as a second trust path)', ['--issuer-port', '0'], { TCK_SECRET: SECRET }],
  ['shared-secret', ['--auth', 'shared-secret', '--secret', SECRET], {}],
  ['better-auth', ['--auth', 'better-auth'], {}],
]

describe('tck check output holds no live credential', () => {
  it.each(MODES)(
    'in %s mode: console, JUnit, JSON and HTML mask every accepted token and the secret',
    async (mode, args, env) => {
      const reportDir = tempDir()
      const before = new Set(backend.accepted)
      const p = tck(
        [
          'check',
          '--target',
          backend.url,
          ...args,
          ...(mode === 'better-auth' ? ['--better-auth-url', authServer.url] : []),
          '--report',
          'junit,json,html',
          '--report-dir',
          reportDir,
        ],
        env,
      )
      expect(await p.exited).toBe(1)
      const accepted = [...backend.accepted].filter((t) => !before.has(t))
      // The backend took hostile tokens, so items failed and their exchanges were written: masked.
      expect(accepted.length).toBeGreaterThan(20)
      const outputs = [p.output(), ...reportTexts(reportDir)]
      expect(outputs.join('\n')).toContain('$TCK_TOKEN')
      for (const text of outputs) {
        for (const token of accepted) expect(text.includes(token), `an accepted token appears in clear (${mode})`).toBe(false)
        expect(text.includes(SECRET), `the shared secret appears in clear (${mode})`).toBe(false)
      }
    },
    180_000,
  )
})
