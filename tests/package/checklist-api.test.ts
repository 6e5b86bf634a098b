import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { describe, expect, test } from 'vitest'
import { checkBackend, PreflightError } from '../../checklist/index.ts'

describe('tasks-tck/checklist: checkBackend', () => {
  test('runs the checklist against a target and returns every item, without tokens or secrets', async () => {
    const notes: string[] = []
    const result = await checkBackend({ target: 'msw', filter: 'SPEC-00[14]', onNote: (text) => notes.push(text) })
    expect(result.ok).toBe(true)
    expect(result.failed).toBe(0)
    expect(result.items['SPEC-001']).toMatchObject({ outcome: 'pass', ran: true })
    expect(result.items['SPEC-004']).toMatchObject({ outcome: 'pass', ran: true })
    // Not selected by the filter: neither proved nor unprovable.
    expect(result.items['SPEC-002']).toMatchObject({ outcome: 'skip', ran: false })
    expect(result.context).toMatchObject({ target: 'msw', basePath: '/api' })
    expect(JSON.stringify(result.context)).not.toMatch(/"token"|"secret"/)
    // The report (what `--report json` writes): one entry per item, counted by outcome.
    expect(result.report.counts).toMatchObject({ pass: 2, fail: 0 })
    expect(result.report.items.find((i) => i.id === 'SPEC-001')).toMatchObject({ group: 'SPEC', outcome: 'pass', severity: 'fail' })
  }, 120_000)

  test('refuses options that cannot work before starting anything', async () => {
    await expect(checkBackend({ target: 'ftp://x' })).rejects.toThrow(/--target must be reference, msw, prism or an http\(s\) URL/)
    await expect(checkBackend({ target: 'http://127.0.0.1:1', auth: 'shared-secret' })).rejects.toThrow(/needs the secret/)
  })

  test('masks the shared secret in what it throws, when a backend echoes it', async () => {
    const secret = `tck-test-secret-${Math.random().toString(36).slice(2)}`
    // A broken backend that leaks its configuration: the preflight quotes its answer in the error.
    const server = createServer((_req, res) => res.writeHead(500, { 'content-type': 'text/plain' }).end(`misconfigured: BETTER_AUTH_SECRET=${secret}`))
    await new Promise<void>((done) => server.listen(0, '127.0.0.1', done))
    try {
      const target = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
      const error = await checkBackend({ target, auth: 'shared-secret', secret }).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(PreflightError)
      expect((error as Error).message).toContain('BETTER_AUTH_SECRET=$TCK_SECRET')
      expect(`${(error as Error).message}\n${(error as Error).stack}`).not.toContain(secret)
    } finally {
      server.close()
    }
  })
})
