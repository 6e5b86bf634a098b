import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startReferenceHarness, type ReferenceHarness } from '../support/reference-harness.ts'

/**
 * The server's 421 log line tells an operator what was refused and how to allow it: the refused
 * host name (no port, nothing else of the request) and ALLOWED_HOSTS. No credential ever appears.
 */
describe('tck serve: the log line of a refused Host', () => {
  let harness: ReferenceHarness
  beforeAll(async () => {
    harness = await startReferenceHarness({})
  }, 60_000)
  afterAll(() => harness?.close())

  it.each(['/api/user_alice/tasks', '/api/%zz/tasks'])('names the refused host and ALLOWED_HOSTS, never the token (%s)', async (url) => {
    const { authorization } = await harness.authFor('user_alice')
    const before = harness.logLines().length
    const res = await harness.app.inject({ method: 'GET', url, headers: { host: 'Rebind.Evil.Example:8000', authorization } })
    expect(res.statusCode).toBe(421)
    const lines = harness
      .logLines()
      .slice(before)
      .filter((line) => line.event === 'host_not_allowed')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatchObject({ level: 40, host: 'rebind.evil.example' })
    expect(String(lines[0]!.msg)).toContain('ALLOWED_HOSTS')
    expect(harness.logText()).not.toContain(authorization.slice('Bearer '.length))
  })

  it('logs a malformed Host value as such, not its text', async () => {
    const before = harness.logLines().length
    const res = await harness.app.inject({ method: 'GET', url: '/health', headers: { host: 'localhost:80@evil.example' } })
    expect(res.statusCode).toBe(421)
    const line = harness
      .logLines()
      .slice(before)
      .find((l) => l.event === 'host_not_allowed')
    expect(line?.host).toBe('(not a host[:port] value)')
    expect(harness.logText()).not.toContain('@evil.example')
  })
})
