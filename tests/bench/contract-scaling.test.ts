import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CONTRACT_SIZES, contractVariant, operationCount, writeContractVariants } from '../../bench/contract-scaling.ts'
import { createContractValidator, listOperations } from '../../contracts/contract-schemas.ts'
import { loadContract } from '../../contracts/load-contract.ts'

describe('contract variants of bench/contract-scaling.ts', () => {
  it('writes valid contracts with 6, 24 and 96 operations, unique ids, every one secured', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tck-variants-'))
    try {
      const files = writeContractVariants(dir)
      expect(files).toHaveLength(CONTRACT_SIZES.length)
      for (const [i, file] of files.entries()) {
        const doc = loadContract(file)
        const ops = listOperations(doc)
        expect(ops).toHaveLength(CONTRACT_SIZES[i]!)
        expect(new Set(ops.map((o) => o.operationId)).size).toBe(ops.length)
        expect(new Set(ops.map((o) => `${o.method} ${o.path}`)).size).toBe(ops.length)
        expect(ops.every((o) => o.secured && o.path.startsWith('/api/'))).toBe(true)
        // Every $ref resolves and every schema compiles: a document the checks can validate against.
        await expect(createContractValidator(doc)).resolves.toBeDefined()
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  it("keeps the contract's own six operations as copy 1, so the checks find listTasks and createTask", () => {
    const ids = listOperations(contractVariant(24)).map((o) => o.operationId)
    const own = listOperations(loadContract()).filter((o) => o.secured)
    expect(ids.slice(0, 6)).toEqual(own.map((o) => o.operationId))
    expect(ids).toContain('listTasksC4')
    expect(operationCount(contractVariant(6))).toBe(6)
  })

  it('refuses a count that is not a multiple of the six task operations', () => {
    expect(() => contractVariant(7)).toThrow(RangeError)
    expect(() => contractVariant(0)).toThrow(RangeError)
  })
})
