import { describe, expect, it } from 'vitest'
import { loadContract, loadDereferencedContract } from '../../contracts/load-contract.ts'
import { createContractValidator, formatViolations, listOperations } from '../../contracts/contract-schemas.ts'
import { listExamples } from '../../contracts/contract-examples.ts'
import { ERRORS, problem } from '../../contracts/error-registry.ts'
import type { ErrorCode } from '../../contracts/error-registry.ts'

const raw = loadContract()
const doc = await loadDereferencedContract()
const validator = await createContractValidator(doc)
// Listed at collection time so each example is its own test.
const examples = listExamples(doc)

/** Every `$ref` string in the raw contract. */
function refsIn(node: unknown, into: Set<string> = new Set()): Set<string> {
  if (Array.isArray(node)) for (const n of node) refsIn(n, into)
  else if (node && typeof node === 'object') {
    for (const [key, value] of Object.entries(node)) {
      if (key === '$ref' && typeof value === 'string') into.add(value)
      else refsIn(value, into)
    }
  }
  return into
}

function examplesOf(operationId: string, status: string): string[] {
  const op = listOperations(doc).find((o) => o.operationId === operationId)!
  const content = doc.paths[op.path]![op.method.toLowerCase()].responses[status].content ?? {}
  return Object.values<any>(content).flatMap((media) => Object.keys(media.examples ?? {}))
}

describe('contract examples', () => {
  it('lists examples to check', () => {
    expect(examples.length).toBeGreaterThan(10)
  })

  it.each(examples.map((e) => [`${e.location} ${e.name}`, e] as const))('%s validates against the schema it is attached to', (_title, example) => {
    expect(example.externalValue, 'external examples cannot be checked').toBeUndefined()
    expect(example.schema, 'an example without a schema cannot be checked').toBeDefined()
    const result = validator.validateAgainst(example.schema!, example.value)
    expect(result.valid, formatViolations(result.errors)).toBe(true)
  })

  it('attaches every components.examples entry somewhere, so each one is checked', () => {
    const refs = refsIn(raw)
    const unused = Object.keys(raw.components.examples ?? {}).filter((name) => !refs.has(`#/components/examples/${name}`))
    expect(unused).toEqual([])
  })

  it('has the named scenarios on the answers they illustrate', () => {
    expect(examplesOf('listTasks', '200')).toEqual(expect.arrayContaining(['tasks', 'emptyList']))
    expect(examplesOf('listTasks', '401')).toContain('expiredToken')
    expect(examplesOf('listTasks', '403')).toContain('otherUsersPath')
    expect(examplesOf('getTask', '404')).toContain('notFound')
    expect(examplesOf('createTask', '422')).toContain('invalidTitle')
  })

  it('flags an example that no longer matches its schema', async () => {
    const broken = structuredClone(raw)
    broken.components.examples!.TaskOpen.value.completed = 'yes'
    const brokenDoc = (await createContractValidator(broken)).doc
    const failures = listExamples(brokenDoc).filter((e) => e.schema && !validator.validateAgainst(e.schema, e.value).valid)
    expect(failures.map((e) => e.name)).toEqual(expect.arrayContaining(['created', 'task']))
  })
})

describe('Error schema', () => {
  it.each([
    ['a FastAPI detail string', { detail: 'Not authenticated' }],
    ['a FastAPI validation list', { detail: [{ loc: ['body', 'title'], msg: 'Field required', type: 'missing' }] }],
    ['an RFC 9457 problem', { type: 'about:blank', title: 'Not Found', status: 404, detail: 'Task not found', code: 'TASK_NOT_FOUND' }],
  ])('accepts %s', (_shape, body) => {
    const result = validator.validateSchema('Error', body)
    expect(result.valid, formatViolations(result.errors)).toBe(true)
  })

  it.each([
    ['an empty object', {}],
    ['a numeric detail', { detail: 42 }],
    ['a success status', { title: 'OK', status: 200 }],
    ['a lower-case code', { detail: 'x', code: 'task_not_found' }],
    ['a validation item without msg', { detail: [{ loc: ['body'], type: 'missing' }] }],
  ])('rejects %s', (_shape, body) => {
    expect(validator.validateSchema('Error', body).valid).toBe(false)
  })
})

describe('error registry', () => {
  const codes = Object.keys(ERRORS) as ErrorCode[]

  it.each(codes)('builds a %s body that the Error schema accepts', (code) => {
    const result = validator.validateSchema('Error', problem(code))
    expect(result.valid, formatViolations(result.errors)).toBe(true)
  })

  it('builds a validation body with errors that the Error schema accepts', () => {
    const body = problem('VALIDATION_FAILED', {
      detail: 'body.title: must NOT have fewer than 1 characters',
      errors: [{ loc: ['body', 'title'], msg: 'must NOT have fewer than 1 characters', type: 'minLength' }],
    })
    const result = validator.validateSchema('Error', body)
    expect(result.valid, formatViolations(result.errors)).toBe(true)
  })

  it.each(codes)('uses for %s a status the contract documents', (code) => {
    const documented = new Set(listOperations(raw).flatMap((op) => op.responses))
    expect([...documented]).toContain(String(ERRORS[code].status))
  })
})
