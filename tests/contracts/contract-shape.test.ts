import { describe, expect, it } from 'vitest'
import { loadContract, loadDereferencedContract } from '../../contracts/load-contract.ts'
import { createContractValidator, listOperations } from '../../contracts/contract-schemas.ts'

const raw = loadContract()
const doc = await loadDereferencedContract()
const validator = await createContractValidator(doc)

const EXPECTED_OPERATIONS = [
  { operationId: 'listTasks', method: 'GET', path: '/api/{user_id}/tasks' },
  { operationId: 'createTask', method: 'POST', path: '/api/{user_id}/tasks' },
  { operationId: 'getTask', method: 'GET', path: '/api/{user_id}/tasks/{task_id}' },
  { operationId: 'updateTask', method: 'PUT', path: '/api/{user_id}/tasks/{task_id}' },
  { operationId: 'deleteTask', method: 'DELETE', path: '/api/{user_id}/tasks/{task_id}' },
  { operationId: 'toggleTaskCompletion', method: 'PATCH', path: '/api/{user_id}/tasks/{task_id}/complete' },
  { operationId: 'getHealth', method: 'GET', path: '/health' },
  { operationId: 'getReadiness', method: 'GET', path: '/health/ready' },
]

const byId = (a: { operationId: string }, b: { operationId: string }) => a.operationId.localeCompare(b.operationId)
const taskOperations = listOperations(raw).filter((op) => op.path.startsWith('/api/'))

function operation(id: string): Record<string, any> {
  const found = listOperations(doc).find((op) => op.operationId === id)
  if (!found) throw new Error(`no operation ${id}`)
  return doc.paths[found.path]![found.method.toLowerCase()]
}

function schema(name: string): Record<string, any> {
  return doc.components.schemas![name]
}

describe('contract shape', () => {
  it('is an OpenAPI 3.1.x document', () => {
    expect(raw.openapi).toMatch(/^3\.1\.\d+$/)
  })

  it('has exactly the eight operations, with stable operationIds, methods and paths', () => {
    const actual = listOperations(raw).map(({ operationId, method, path }) => ({ operationId, method, path }))
    expect(actual.sort(byId)).toEqual([...EXPECTED_OPERATIONS].sort(byId))
  })

  it('defines bearerAuth as an HTTP bearer JWT scheme', () => {
    expect(raw.components.securitySchemes?.bearerAuth).toMatchObject({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' })
  })

  it('keeps the health probes anonymous', () => {
    const health = listOperations(raw).filter((op) => op.path.startsWith('/health'))
    expect(health.map((op) => op.secured)).toEqual([false, false])
  })

  describe.each(taskOperations.map((op) => [op.operationId, op] as const))('task operation %s', (id, op) => {
    it('requires the bearerAuth security scheme', () => {
      expect(op.secured).toBe(true)
      expect(raw.paths[op.path]![op.method.toLowerCase()].security).toEqual([{ bearerAuth: [] }])
    })

    it(`documents 401, 403, 422 and 500${op.hasTaskId ? ' and 404' : ''}`, () => {
      const required = ['401', '403', '422', '500', ...(op.hasTaskId ? ['404'] : [])]
      expect(op.responses).toEqual(expect.arrayContaining(required))
    })

    it('sends a required WWW-Authenticate header with 401', () => {
      const header = operation(id).responses['401'].headers?.['WWW-Authenticate']
      expect(header).toMatchObject({ required: true, schema: { type: 'string' } })
    })
  })

  it.each(['Task', 'TaskList', 'Health', 'Readiness'])('closes the %s response schema', (name) => {
    expect(schema(name).additionalProperties).toBe(false)
  })

  it('gives Task exactly its seven fields, all required, with a nullable description', () => {
    const task = schema('Task')
    const fields = ['id', 'user_id', 'title', 'description', 'completed', 'created_at', 'updated_at']
    expect(Object.keys(task.properties).sort()).toEqual([...fields].sort())
    expect([...task.required].sort()).toEqual([...fields].sort())
    expect(task.properties.description.type).toEqual(expect.arrayContaining(['string', 'null']))
  })

  it('requires a TaskCreate title of 1 to 255 characters', () => {
    expect(schema('TaskCreate').required).toEqual(['title'])
    expect(validator.validateSchema('TaskCreate', {}).valid).toBe(false)
    expect(validator.validateSchema('TaskCreate', { title: '' }).valid).toBe(false)
    expect(validator.validateSchema('TaskCreate', { title: 'a' }).valid).toBe(true)
    expect(validator.validateSchema('TaskCreate', { title: 'a'.repeat(255) }).valid).toBe(true)
    expect(validator.validateSchema('TaskCreate', { title: 'a'.repeat(256) }).valid).toBe(false)
  })

  it('limits a TaskCreate description to 2000 characters and allows null', () => {
    expect(validator.validateSchema('TaskCreate', { title: 't', description: 'd'.repeat(2000) }).valid).toBe(true)
    expect(validator.validateSchema('TaskCreate', { title: 't', description: 'd'.repeat(2001) }).valid).toBe(false)
    expect(validator.validateSchema('TaskCreate', { title: 't', description: null }).valid).toBe(true)
  })

  it('makes no TaskUpdate field required', () => {
    expect(schema('TaskUpdate').required ?? []).toEqual([])
    expect(validator.validateSchema('TaskUpdate', {}).valid).toBe(true)
  })
})
