import { describe, expect, test } from 'vitest'
import { checkBackend } from '../../checklist/index.ts'

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
  }, 120_000)

  test('refuses options that cannot work before starting anything', async () => {
    await expect(checkBackend({ target: 'ftp://x' })).rejects.toThrow(/--target must be reference, msw, prism or an http\(s\) URL/)
    await expect(checkBackend({ target: 'http://127.0.0.1:1', auth: 'shared-secret' })).rejects.toThrow(/needs the secret/)
  })
})
