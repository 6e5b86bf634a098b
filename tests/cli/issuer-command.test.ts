import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { runIssuerCommand } from '../../cli/issuer-command.ts'
import { capture, waitFor as waitForOutput } from '../support/capture-output.ts'

const waitFor = (predicate: () => boolean, timeoutMs = 10_000) => waitForOutput(predicate, timeoutMs)

let stateDir: string
beforeEach(() => {
  stateDir = mkdtempSync(join(tmpdir(), 'tck-issuer-'))
})
afterEach(() => {
  rmSync(stateDir, { recursive: true, force: true })
})

describe('tck issuer', () => {
  it('prints usage for --help and returns 0', async () => {
    const out = capture()
    expect(await runIssuerCommand(['--help'], { stdout: out.stream })).toBe(0)
    expect(out.text()).toMatch(/^Usage: tck issuer/)
    expect(out.text()).toContain('--state-dir')
  })

  it.each([
    [['--bogus']],
    [['--alg', 'HS256']],
    [['--port', 'eighty']],
    [['--grace-seconds', '-1']],
    [['--grace-seconds=-1']],
    [['--port', '70000']],
    [['extra-positional']],
  ])('rejects %j with a message, usage on stderr and exit code 2', async (argv) => {
    const out = capture()
    const err = capture()
    expect(await runIssuerCommand(argv, { stdout: out.stream, stderr: err.stream })).toBe(2)
    expect(err.text()).toMatch(/^tck issuer: [\s\S]+\n\nUsage: tck issuer/)
    expect(out.text()).toBe('')
  })

  it('serves until aborted, printing the backend configuration', async () => {
    const out = capture()
    const controller = new AbortController()
    const run = runIssuerCommand(['--port', '0', '--state-dir', stateDir, '--alg', 'ES256', '--rotate'], {
      stdout: out.stream,
      signal: controller.signal,
    })
    await waitFor(() => out.text().includes('Mint a token'))
    const base = /^JWT_ISSUER=(.+)$/m.exec(out.text())?.[1]
    expect(base).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/)
    expect(out.text()).toContain(`JWKS_URL=${base}/api/auth/jwks\n`)
    expect(out.text()).toContain(`JWT_AUDIENCE=${base}\n`)
    expect(out.text()).toContain(`${base}/api/auth/token?sub=user_alice`)

    const stats = (await (await fetch(`${base}/__tck/stats`)).json()) as { alg: string; kids: string[] }
    expect(stats.alg).toBe('ES256')
    expect(stats.kids).toHaveLength(2)

    controller.abort()
    expect(await run).toBe(0)
    await expect(fetch(`${base}/api/auth/jwks`)).rejects.toThrow()
  })

  it('returns 1 when the port is taken', async () => {
    const controller = new AbortController()
    const first = capture()
    const running = runIssuerCommand(['--port', '0', '--state-dir', stateDir], { stdout: first.stream, signal: controller.signal })
    await waitFor(() => first.text().includes('JWT_ISSUER='))
    const port = new URL(/^JWT_ISSUER=(.+)$/m.exec(first.text())![1]!).port
    const err = capture()
    expect(await runIssuerCommand(['--port', port, '--state-dir', stateDir], { stdout: capture().stream, stderr: err.stream })).toBe(1)
    expect(err.text()).toMatch(/cannot start/)
    controller.abort()
    await running
  })
})
