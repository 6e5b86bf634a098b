/**
 * The contract as browser code gets it: the generated module (contracts/generated/task-api-document.ts,
 * `npm run gen:contract`) must be in step with task-api.yaml, the way `npm run check:types` guards the
 * generated types; the file-free dereferencer and validator must agree with the Node ones built on
 * json-schema-ref-parser and the YAML on disk.
 */
import { describe, expect, it } from 'vitest'
import { compileContractValidator } from '../../contracts/contract-validator.ts'
import { createContractValidator } from '../../contracts/contract-schemas.ts'
import { dereferenceContract } from '../../contracts/dereference-contract.ts'
import { TASK_API_DOCUMENT } from '../../contracts/generated/task-api-document.ts'
import { loadContract, loadDereferencedContract, type OpenApiDocument } from '../../contracts/load-contract.ts'
import { contractDocumentInStep, renderContractDocument } from '../../contracts/render-contract-document.ts'

describe('contracts/generated/task-api-document.ts', () => {
  it('is in step with task-api.yaml (else: npm run gen:contract)', async () => {
    expect(TASK_API_DOCUMENT).toEqual(loadContract())
    expect(await contractDocumentInStep(), 'run npm run gen:contract').toBe(true)
  })

  it('the check has teeth: a changed contract renders a different module', () => {
    const changed = structuredClone(loadContract())
    changed.info.version = `${changed.info.version}-changed`
    expect(renderContractDocument(changed)).not.toBe(renderContractDocument())
  })
})

describe('dereferenceContract', () => {
  it('gives what json-schema-ref-parser gives, one object per referenced target, the input untouched', async () => {
    const before = JSON.stringify(TASK_API_DOCUMENT)
    const doc = dereferenceContract()
    expect(doc).toEqual(await loadDereferencedContract())
    expect(JSON.stringify(TASK_API_DOCUMENT)).toBe(before)
    const task = doc.components.schemas!.Task
    expect(doc.paths['/api/{user_id}/tasks/{task_id}']!.get.responses['200'].content['application/json'].schema).toBe(task)
  })

  it('refuses what it cannot resolve without files: external and circular refs', () => {
    const minimal = (schemas: Record<string, unknown>) =>
      ({ openapi: '3.1.0', info: { title: 't', version: '1' }, paths: {}, components: { schemas } }) as OpenApiDocument
    expect(() => dereferenceContract(minimal({ A: { $ref: 'other.yaml#/A' } }))).toThrow(/Only local \$refs/)
    const circular = minimal({ A: { items: { $ref: '#/components/schemas/A' } } })
    expect(() => dereferenceContract(circular)).toThrow(/circular/)
  })
})

describe('compileContractValidator (no file access)', () => {
  it('gives the same verdicts as the Node validator over the YAML', async () => {
    const browser = compileContractValidator()
    const node = await createContractValidator()
    const task = {
      id: '00000000-0000-4000-8000-000000000000',
      user_id: 'u',
      title: 'T',
      description: null,
      completed: false,
      created_at: '2024-01-01T00:00:00Z',
      updated_at: '2024-01-01T00:00:00Z',
    }
    const samples: [string, number, unknown][] = [
      ['getTask', 200, task],
      ['getTask', 200, { ...task, title: '' }],
      ['getTask', 200, { ...task, extra: 1 }],
      ['listTasks', 200, { data: [task], count: 1 }],
      ['listTasks', 418, {}],
      ['createTask', 422, { type: 'about:blank', title: 'x', status: 422, code: 'VALIDATION_FAILED' }],
    ]
    for (const [operationId, status, body] of samples) {
      const verdict = (v: typeof browser) => v.validateResponse(operationId, status, 'application/json', body)
      expect(verdict(browser), `${operationId} ${status}`).toEqual(verdict(node))
    }
    expect(browser.validateRequestBody('createTask', 'application/json', { title: '' })).toEqual(
      node.validateRequestBody('createTask', 'application/json', { title: '' }),
    )
  })
})
