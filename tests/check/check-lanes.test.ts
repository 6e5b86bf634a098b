import { randomBytes } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import type { CheckContext } from '../../checklist/check-context.ts'
import { runChecklist } from '../../checklist/run-checklist.ts'
import { startReferenceTarget, type StartedTarget } from '../../checklist/targets.ts'

/** The reference server with `fault`, its twin for the key file, and the context `prepareCheck` would build. */
async function withTwin<T>(fault: string | undefined, run: (context: CheckContext) => Promise<T>): Promise<T> {
  const origin = 'http://localhost:3000'
  const target = await startReferenceTarget({ origin, ...(fault && { fault }) })
  let twin: StartedTarget | undefined
  try {
    twin = await target.twin!()
    const suffix = randomBytes(3).toString('hex')
    return await run({
      target: 'reference',
      baseUrl: target.baseUrl,
      basePath: '/api',
      capabilities: target.capabilities,
      auth: { mode: 'jwks', issuerUrl: target.issuerUrl, claims: { iss: target.iss, aud: target.aud, extra: {} } },
      users: { a: { id: `tck_a_${suffix}` }, b: { id: `tck_b_${suffix}` } },
      usersPerFile: true,
      keyTarget: { baseUrl: twin.baseUrl, issuerUrl: twin.issuerUrl, iss: twin.iss, aud: twin.aud },
      origin,
      strict: false,
      thorough: false,
    })
  } finally {
    await twin?.close()
    await target.close()
  }
}

const caughtBy = (items: Awaited<ReturnType<typeof runChecklist>>['items']) =>
  Object.entries(items)
    .filter(([, r]) => r.outcome === 'fail' || r.outcome === 'warn')
    .map(([id]) => id)

describe('check files side by side (the key file on a twin backend, each file its own users)', () => {
  it('passes the correct server on every item, the JWKS items included', async () => {
    const result = await withTwin(undefined, (context) => runChecklist({ context, console: 'silent' }))
    expect(caughtBy(result.items)).toEqual([])
    expect(result.failed).toBe(0)
    for (const id of ['JWKS-001', 'JWKS-002', 'JWKS-003', 'JWKS-004', 'JWKS-005']) expect(result.items[id]?.outcome).toBe('pass')
  }, 180_000)

  it('still catches a key-handling fault with the same items as the self-test, and nothing else', async () => {
    // The twin runs the same fault: the key file judges the implementation, not the twin's own setup.
    const result = await withTwin('cache-keys-forever', (context) => runChecklist({ context, console: 'silent' }))
    expect(caughtBy(result.items)).toEqual(['JWKS-003', 'JWKS-005'])
  }, 180_000)
})
