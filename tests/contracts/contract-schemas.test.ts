import { describe, expect, it } from 'vitest'
import { loadContract } from '../../contracts/load-contract.ts'
import { createContractValidator, listOperations } from '../../contracts/contract-schemas.ts'
import { BEARER_CHALLENGE, PROBLEM_CONTENT_TYPE, problem } from '../../contracts/error-registry.ts'
import type { Task, TaskList } from '../../contracts/task-api-client.ts'
import { SAMPLE_TASK } from '../support/sample-task.ts'

const validator = await createContractValidator()

const task: Task = SAMPLE_TASK
const list: TaskList = { data: [task], count: 1 }

describe('validateSchema negative controls', () => {
  it('accepts the well-formed Task the controls start from', () => {
    expect(validator.validateSchema('Task', task)).toEqual({ valid: true, errors: [] })
  })

  // The `limit` parameter states the page bound; a schema maxItems would report a backend that
  // ignores it (an unbounded list) as a CONF-003 body violation too, where DOS-001 owns that finding.
  it("accepts a TaskList of any length: the page bound is the limit parameter's, not the schema's", () => {
    const long = { data: Array.from({ length: 150 }, () => task), count: 150 }
    expect(validator.validateSchema('TaskList', long)).toEqual({ valid: true, errors: [] })
    expect(validator.validateResponse('listTasks', 200, 'application/json', long).valid).toBe(true)
  })

  it('rejects a Task with an extra property', () => {
    const result = validator.validateSchema('Task', { ...task, priority: 1 })
    expect(result.valid).toBe(false)
    expect(result.errors.map((e) => e.keyword)).toContain('additionalProperties')
  })

  it('rejects a Task with a missing field', () => {
    const { updated_at: _omitted, ...partial } = task
    const result = validator.validateSchema('Task', partial)
    expect(result.valid).toBe(false)
    expect(result.errors).toContainEqual(expect.objectContaining({ keyword: 'required', params: { missingProperty: 'updated_at' } }))
  })

  it('rejects a Task with a malformed id or timestamp', () => {
    expect(validator.validateSchema('Task', { ...task, id: '42' }).valid).toBe(false)
    expect(validator.validateSchema('Task', { ...task, created_at: 'yesterday' }).valid).toBe(false)
  })

  it.each(['Task', 'TaskCreate', 'TaskUpdate'] as const)('rejects a %s title of 256 characters', (name) => {
    const value = name === 'Task' ? { ...task, title: 'a'.repeat(256) } : { title: 'a'.repeat(256) }
    const result = validator.validateSchema(name, value)
    expect(result.valid).toBe(false)
    expect(result.errors.map((e) => e.instancePath)).toContain('/title')
  })

  it.each(['TaskCreate', 'TaskUpdate'] as const)('rejects a %s title or description containing U+0000', (name) => {
    expect(validator.validateSchema(name, { title: 'a\u0000b' }).valid).toBe(false)
    expect(validator.validateSchema(name, { title: 'ok', description: '\u0000' }).valid).toBe(false)
    expect(validator.validateSchema(name, { title: 'ok', description: 'ok' }).valid).toBe(true)
  })

  it('throws for a schema the contract does not define', () => {
    expect(() => validator.validateSchema('Nope' as 'Task', {})).toThrow(/no schema "Nope"/)
  })
})

describe('validateResponse', () => {
  it('accepts a documented status, media type and body', () => {
    expect(validator.validateResponse('listTasks', 200, 'application/json', list).valid).toBe(true)
  })

  it('ignores media type parameters and case', () => {
    expect(validator.validateResponse('listTasks', 200, 'Application/JSON; charset=utf-8', list).valid).toBe(true)
  })

  it('rejects a body that does not match the schema', () => {
    const result = validator.validateResponse('listTasks', 200, 'application/json', { data: [task] })
    expect(result.errors).toContainEqual(expect.objectContaining({ keyword: 'required' }))
  })

  it('rejects an undocumented status', () => {
    const result = validator.validateResponse('listTasks', 418, 'application/json', {})
    expect(result.errors).toEqual([expect.objectContaining({ keyword: 'status' })])
  })

  it('rejects an undocumented or missing content type', () => {
    expect(validator.validateResponse('listTasks', 200, 'text/html', list).errors).toEqual([expect.objectContaining({ keyword: 'contentType' })])
    expect(validator.validateResponse('listTasks', 200, undefined, list).errors).toEqual([expect.objectContaining({ keyword: 'contentType' })])
  })

  it('rejects a missing body where one is documented', () => {
    expect(validator.validateResponse('getTask', 200, 'application/json', undefined).valid).toBe(false)
  })

  it('accepts an empty 204 and rejects a 204 with a body', () => {
    expect(validator.validateResponse('deleteTask', 204, null, undefined).valid).toBe(true)
    expect(validator.validateResponse('deleteTask', 204, 'application/json', task).errors).toEqual([expect.objectContaining({ keyword: 'body' })])
  })

  it('accepts a registry problem body with the problem content type', () => {
    const result = validator.validateResponse('getTask', 404, PROBLEM_CONTENT_TYPE, problem('TASK_NOT_FOUND'))
    expect(result.valid).toBe(true)
  })

  it('checks required response headers when headers are given', () => {
    const body = problem('AUTH_TOKEN_EXPIRED')
    const check = (headers: Record<string, string>) => validator.validateResponse('listTasks', 401, PROBLEM_CONTENT_TYPE, body, headers)
    expect(check({ 'WWW-Authenticate': BEARER_CHALLENGE }).valid).toBe(true)
    expect(check({ 'www-authenticate': 'Bearer error="invalid_token"' }).valid).toBe(true)
    expect(check({}).errors).toEqual([expect.objectContaining({ keyword: 'header', instancePath: '/headers/WWW-Authenticate' })])
    expect(check({ 'www-authenticate': 'Basic' }).errors).toEqual([expect.objectContaining({ keyword: 'pattern' })])
    expect(validator.validateResponse('listTasks', 401, PROBLEM_CONTENT_TYPE, body, new Headers()).valid).toBe(false)
  })

  it('throws for an operation the contract does not define', () => {
    expect(() => validator.validateResponse('nope', 200, 'application/json', {})).toThrow(/no operation "nope"/)
  })
})

describe('validateRequestBody', () => {
  it('applies the request schema of the operation', () => {
    expect(validator.validateRequestBody('createTask', 'application/json', { title: 'x' }).valid).toBe(true)
    expect(validator.validateRequestBody('createTask', 'application/json', { title: '' }).valid).toBe(false)
    expect(validator.validateRequestBody('getTask', 'application/json', {}).valid).toBe(false)
  })
})

describe('listOperations', () => {
  it('describes each operation with its method, security, task id and responses', () => {
    const getTask = listOperations(loadContract()).find((op) => op.operationId === 'getTask')
    expect(getTask).toMatchObject({ method: 'GET', path: '/api/{user_id}/tasks/{task_id}', secured: true, hasTaskId: true })
    expect(getTask?.responses).toEqual(expect.arrayContaining(['200', '401', '403', '404', '422', '500']))
  })

  it('picks up an endpoint added to the contract', () => {
    const doc = structuredClone(loadContract())
    doc.paths['/api/{user_id}/tasks/{task_id}/archive'] = {
      post: { operationId: 'archiveTask', security: [{ bearerAuth: [] }, {}], responses: { '204': { description: 'ok' } } },
    }
    expect(listOperations(doc).at(-1)).toEqual({
      operationId: 'archiveTask',
      method: 'POST',
      path: '/api/{user_id}/tasks/{task_id}/archive',
      secured: false,
      hasTaskId: true,
      responses: ['204'],
    })
  })
})
