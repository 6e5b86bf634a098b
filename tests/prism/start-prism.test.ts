import { createServer } from 'node:net'
import type { AddressInfo } from 'node:net'
import { describe, expect, it } from 'vitest'
import { listPreferExamples, PrismStartError, startPrismMock, startPrismProxy } from '../../mocks/prism/index.ts'

describe('startPrismMock / startPrismProxy', () => {
  it("rejects with Prism's output when the contract cannot be read", async () => {
    const start = startPrismMock({ port: 0, contractPath: '/nonexistent/task-api.yaml' })
    await expect(start).rejects.toBeInstanceOf(PrismStartError)
    await expect(start).rejects.toThrow(/exited \(\d+\) before listening[\s\S]*--- Prism output ---[\s\S]*nonexistent/)
  }, 60_000)

  it('reports a taken port (given explicitly, so not retried)', async () => {
    const blocker = createServer()
    await new Promise<void>((resolve) => blocker.listen(0, '127.0.0.1', resolve))
    try {
      const port = (blocker.address() as AddressInfo).port
      const error = await startPrismMock({ port }).catch((e: unknown) => e)
      expect(error).toBeInstanceOf(PrismStartError)
      expect((error as PrismStartError).addressInUse).toBe(true)
    } finally {
      blocker.close()
    }
  }, 60_000)

  it('refuses a proxy target that is not an http(s) URL', () => {
    expect(() => startPrismProxy({ target: 'localhost:8000' })).toThrow(/http\(s\) URL/)
  })
})

describe('listPreferExamples', () => {
  const groups = listPreferExamples()
  const namesFor = (operationId: string, status: string) =>
    groups.filter((g) => g.status === status && g.operationIds.includes(operationId)).flatMap((g) => g.examples)

  it('lists the named examples each operation documents per status', () => {
    expect(namesFor('listTasks', '200')).toEqual(['tasks', 'emptyList'])
    expect(namesFor('listTasks', '401')).toEqual(expect.arrayContaining(['missingToken', 'expiredToken', 'invalidToken']))
    expect(namesFor('listTasks', '403')).toContain('otherUsersPath')
    expect(namesFor('getTask', '404')).toContain('notFound')
    expect(namesFor('listTasks', '404')).toEqual([])
    expect(namesFor('createTask', '422')).toContain('invalidTitle')
  })

  it('marks examples under a second media type with the Accept header that selects them', () => {
    expect(namesFor('getTask', '401')).toContain('fastapi (Accept: application/json)')
  })
})
