import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createContractValidator, formatViolations } from '../../contracts/contract-schemas.ts'
import type { ContractValidator } from '../../contracts/contract-schemas.ts'
import { parseViolations, startPrismMock } from '../../mocks/prism/index.ts'
import type { PrismServer } from '../../mocks/prism/index.ts'

const TASK_ID = '3f1c2a7e-8b4d-4e2a-9c61-0d5e7f3a9b12'
const BEARER = { authorization: 'Bearer any-value' }

let prism: PrismServer | undefined
let validator: ContractValidator

/** A named example of `operationId`'s response, from the dereferenced contract. */
function example(path: string, method: string, status: string, mediaType: string, name: string): unknown {
  return validator.doc.paths[path]![method].responses[status].content[mediaType].examples[name].value
}

async function call(path: string, headers: Record<string, string> = {}) {
  const res = await fetch(`${prism!.url}${path}`, { headers })
  const text = await res.text()
  return { res, body: text ? JSON.parse(text) : undefined, contentType: res.headers.get('content-type') }
}

function expectConforms(operationId: string, r: Awaited<ReturnType<typeof call>>): void {
  const result = validator.validateResponse(operationId, r.res.status, r.contentType, r.body)
  expect(result.valid, formatViolations(result.errors)).toBe(true)
}

beforeAll(async () => {
  validator = await createContractValidator()
  prism = await startPrismMock({ port: 0 })
}, 60_000)

afterAll(async () => {
  await prism?.close()
})

describe('Prism mock of the contract (static examples)', () => {
  it('answers listTasks with the contract\'s "tasks" example when a bearer token is sent', async () => {
    const r = await call('/api/u1/tasks', BEARER)
    expect(r.res.status).toBe(200)
    expect(r.body).toEqual(example('/api/{user_id}/tasks', 'get', '200', 'application/json', 'tasks'))
    expectConforms('listTasks', r)
    expect(parseViolations(r.res)).toEqual([])
  })

  it('returns the "emptyList" example for Prefer: example=emptyList', async () => {
    const r = await call('/api/u1/tasks', { ...BEARER, prefer: 'example=emptyList' })
    expect(r.res.status).toBe(200)
    expect(r.body).toEqual({ count: 0, data: [] })
  })

  it('answers getTask with a contract-valid 404 for Prefer: code=404', async () => {
    const r = await call(`/api/u1/tasks/${TASK_ID}`, { ...BEARER, prefer: 'code=404' })
    expect(r.res.status).toBe(404)
    expect(r.contentType).toMatch(/^application\/problem\+json/)
    expect(r.body).toEqual(example('/api/{user_id}/tasks/{task_id}', 'get', '404', 'application/problem+json', 'notFound'))
    expectConforms('getTask', r)
  })

  it('checks the security scheme: no Authorization header gives 401 and a security violation', async () => {
    const r = await call('/api/u1/tasks')
    expect(r.res.status).toBe(401)
    expect(r.body).toMatchObject({ status: 401, code: 'AUTH_TOKEN_MISSING' })
    // Body only: in static mode Prism fills WWW-Authenticate from its schema as the literal
    // "string" (the contract gives the header no example), which fails its ^Bearer pattern.
    expectConforms('listTasks', r)
    expect(r.res.headers.has('www-authenticate')).toBe(true)
    expect(parseViolations(r.res)).toContainEqual(expect.objectContaining({ location: ['request'], code: 401 }))
  })

  it('serves "expiredToken" with Prefer: code=401, example=expiredToken', async () => {
    const r = await call('/api/u1/tasks', { ...BEARER, prefer: 'code=401, example=expiredToken' })
    expect(r.res.status).toBe(401)
    expect(r.body).toEqual(example('/api/{user_id}/tasks', 'get', '401', 'application/problem+json', 'expiredToken'))
    expectConforms('listTasks', r)
  })

  it('looks an example name up in the success status only, unless code= is given (Prism behaviour)', async () => {
    const r = await call('/api/u1/tasks', { ...BEARER, prefer: 'example=expiredToken' })
    expect(r.res.status).toBe(404)
    expect(r.body.detail).toContain('exampleKey: expiredToken does not exist')
  })

  it('validates requests: a task id that is not a UUID gives 422 and names the parameter', async () => {
    const r = await call('/api/u1/tasks/not-a-uuid', BEARER)
    expect(r.res.status).toBe(422)
    expect(parseViolations(r.res)).toContainEqual(expect.objectContaining({ location: ['request', 'path', 'task_id'], code: 'format' }))
  })

  it('sends no CORS headers of its own (Prism would otherwise reflect any origin with credentials)', async () => {
    const r = await call('/api/u1/tasks', { ...BEARER, origin: 'https://evil.example' })
    expect(r.res.status).toBe(200)
    expect([...r.res.headers.keys()].filter((name) => name.startsWith('access-control-'))).toEqual([])
  })
})
