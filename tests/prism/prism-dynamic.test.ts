import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createContractValidator, formatViolations } from '../../contracts/contract-schemas.ts'
import type { ContractValidator } from '../../contracts/contract-schemas.ts'
import { startPrismMock } from '../../mocks/prism/index.ts'
import type { PrismServer } from '../../mocks/prism/index.ts'

const BEARER = { authorization: 'Bearer any-value' }

let prism: PrismServer | undefined
let validator: ContractValidator

beforeAll(async () => {
  validator = await createContractValidator()
  prism = await startPrismMock({ port: 0, dynamic: true, seed: 42 })
}, 60_000)

afterAll(async () => {
  await prism?.close()
})

describe('Prism mock of the contract (dynamic, seeded)', () => {
  it.each([
    ['listTasks', '/api/u1/tasks'],
    ['getTask', '/api/u1/tasks/3f1c2a7e-8b4d-4e2a-9c61-0d5e7f3a9b12'],
    ['getHealth', '/health'],
  ])('%s: two requests give the same generated body, valid against the contract', async (operationId, path) => {
    const bodies = []
    for (let i = 0; i < 2; i++) {
      const res = await fetch(`${prism!.url}${path}`, { headers: BEARER })
      expect(res.status).toBe(200)
      const body = await res.json()
      const result = validator.validateResponse(operationId, res.status, res.headers.get('content-type'), body)
      expect(result.valid, `${JSON.stringify(body)}\n${formatViolations(result.errors)}`).toBe(true)
      bodies.push(body)
    }
    expect(bodies[1]).toEqual(bodies[0])
  })
})
