import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createIssuer } from '../../mocks/issuer/index.ts'
import { loadConfig } from '../../reference-server/config/load-config.ts'
import { startServer } from '../../reference-server/server.ts'
import { spawnTck } from '../support/spawn-tck.ts'

/**
 * JWKS-005 (security review F7) as a user runs it: `tck check --thorough` against a backend by URL,
 * once the reference server with its default JWKS settings, once with the fault
 * `jwks-cooldown-after-unknown-kid` (jose's 30 s default cooldown), once with a cooldown of exactly
 * the 5 s limit (must not sit on the edge). The self-test runs the item
 * only with the 6.5 s watch of its own targets; this proves the --thorough path and that the
 * item, not only JWKS-003, catches the fault.
 */
const closers: (() => Promise<void>)[] = []
const outputs: Record<'correct' | 'faulty' | 'fiveSeconds', string> = { correct: '', faulty: '', fiveSeconds: '' }

/** The reference server (PGlite in memory, default JWKS cooldown) trusting a fresh issuer. */
async function backend(fault?: string, cooldownSeconds?: number) {
  const issuer = await createIssuer()
  const listener = await issuer.listen({ port: 0 })
  closers.push(() => listener.close())
  const config = loadConfig({
    JWKS_URL: `${listener.url}/api/auth/jwks`,
    JWT_ISSUER: issuer.issuer,
    JWT_AUDIENCE: issuer.audience,
    PORT: '0',
    LOG_LEVEL: 'silent',
    PGLITE_DATA_DIR: 'memory://',
    ...(fault && { TCK_FAULT: fault }),
    ...(cooldownSeconds !== undefined && { JWKS_COOLDOWN_SECONDS: String(cooldownSeconds) }),
  })
  const { app, url } = await startServer(config)
  closers.unshift(() => app.close())
  return { url, issuerUrl: listener.url }
}

beforeAll(async () => {
  const [correct, faulty, fiveSeconds] = [await backend(), await backend('jwks-cooldown-after-unknown-kid'), await backend(undefined, 5)]
  const run = (b: { url: string; issuerUrl: string }) => spawnTck(['check', '--target', b.url, '--issuer-url', b.issuerUrl, '--thorough', '-t', 'JWKS-005'])
  const [p, q, r] = [run(correct), run(faulty), run(fiveSeconds)]
  await Promise.all([p.exited, q.exited, r.exited])
  outputs.correct = p.output()
  outputs.faulty = q.output()
  outputs.fiveSeconds = r.output()
}, 240_000)
afterAll(async () => {
  for (const close of closers) await close()
})

describe('JWKS-005 with --thorough', () => {
  it('passes the reference server: the new key is accepted within the limit after an unknown kid', () => {
    expect(outputs.correct).toMatch(/^\s+PASS\s+JWKS-005\s/m)
  })

  it('passes a backend whose cooldown is exactly the 5 s limit (accepted 5.0–5.5 s after the rotation: polling is allowed for)', () => {
    expect(outputs.fiveSeconds).toMatch(/^\s+PASS\s+JWKS-005\s/m)
  })

  it('warns about a backend with a 30 s unknown-kid cooldown, naming how long the new key was refused', () => {
    expect(outputs.faulty).toMatch(/^\s+WARN\s+JWKS-005\s/m)
    // Watched for up to 35 s, the new key arrives when the 30 s cooldown ends: the delay is measured.
    expect(outputs.faulty).toMatch(/refused \d+ times and accepted only (2\d|3\d)\.\d s after the rotation \(limit 5 s\)/)
  })
})
