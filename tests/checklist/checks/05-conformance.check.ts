import { randomUUID } from 'node:crypto'
import { beforeAll, describe } from 'vitest'
import { createContractValidator, formatViolations, type ContractViolation } from '../../../contracts/contract-schemas.ts'
import { check, skipCheck } from '../support/define-check.ts'
import { call, createTaskAs, OPERATIONS, SECURED_OPERATIONS, urlOf } from '../support/api.ts'
import { describeFailure, send, type Exchange } from '../support/exchange.ts'
import { inject } from 'vitest'
import { backendOpenApi } from '../support/backend-openapi.ts'
import { parseViolations } from '../../../mocks/prism/index.ts'

interface Sample { operationId: string; ex: Exchange }

/** One exchange per documented situation of every operation: success, 401, 403, 404, 422. */
async function collectSamples(): Promise<Sample[]> {
  const ctx = inject('tck')
  const samples: Sample[] = []
  const add = (operationId: string, ex: Exchange) => samples.push({ operationId, ex })
  for (const op of OPERATIONS.filter((o) => !o.secured)) add(op.operationId, await send({ method: op.method, url: urlOf(ctx, op.path).replace(ctx.basePath, '/api') }))
  for (const op of SECURED_OPERATIONS) {
    const taskId = op.hasTaskId && ctx.capabilities.includes('persistence') ? (await createTaskAs(ctx, 'a').catch(() => undefined))?.id : undefined
    add(op.operationId, await call(ctx, op, { who: 'a', ...(taskId && { taskId }) }))
    add(op.operationId, await call(ctx, op, { headers: {} }))
    add(op.operationId, await call(ctx, op, { who: 'b', pathUser: ctx.users.a.id }))
    if (op.hasTaskId) {
      add(op.operationId, await call(ctx, op, { who: 'a', taskId: randomUUID() }))
      add(op.operationId, await call(ctx, op, { who: 'a', taskId: 'not-a-task-id' }))
    }
    if (op.method === 'POST' || op.method === 'PUT') add(op.operationId, await call(ctx, op, { who: 'a', ...(taskId && { taskId }), json: { title: '' } }))
  }
  return samples
}

let samples: Sample[] = []
let findings: { sample: Sample; violation: ContractViolation }[] = []

beforeAll(async () => {
  const validator = await createContractValidator()
  samples = await collectSamples()
  findings = samples.flatMap((sample) => {
    const { ex, operationId } = sample
    const contentType = ex.response.headers.get('content-type')
    const body = ex.response.text === '' ? undefined : ex.response.json ?? ex.response.text
    return validator.validateResponse(operationId, ex.response.status, contentType, body, ex.response.headers).errors.map((violation) => ({ sample, violation }))
  })
}, 120_000)

/** Fails with each distinct divergence once (a contract finding), with one example exchange. */
function report(filter: (v: ContractViolation) => boolean) {
  const seen = new Map<string, { sample: Sample; violation: ContractViolation }>()
  for (const f of findings.filter((f) => filter(f.violation))) {
    const key = `${f.sample.operationId} ${f.sample.ex.response.status} ${f.violation.keyword} ${f.violation.instancePath} ${f.violation.message}`
    if (!seen.has(key)) seen.set(key, f)
  }
  if (seen.size === 0) return
  throw new Error([...seen.values()].map(({ sample, violation }) =>
    `${sample.operationId} → ${formatViolations([violation])}\n${describeFailure('a response the contract documents', sample.ex)}`).join('\n\n'))
}

describe('Contract conformance of every response', () => {
  check('CONF-001', async () => report((v) => v.keyword === 'status'))
  check('CONF-002', async () => report((v) => v.keyword === 'contentType'))
  check('CONF-003', async () => report((v) => v.keyword !== 'status' && v.keyword !== 'contentType'))

  check('CONF-005', async () => {
    const reported = samples.flatMap(({ operationId, ex }) =>
      parseViolations(ex.response.headers).filter((v) => v.severity === 'Error' && v.location[0] === 'response').map((v) => ({ operationId, ex, v })))
    if (reported.length === 0) return
    const seen = new Map<string, (typeof reported)[number]>()
    for (const r of reported) seen.set(`${r.operationId} ${r.v.location.join('.')} ${r.v.message}`, r)
    throw new Error([...seen.values()].map(({ operationId, ex, v }) =>
      `${operationId} → Prism: ${v.location.join('.')} ${v.message}\n${describeFailure('no sl-violations', ex)}`).join('\n\n'))
  })

  check('CONF-004', async (ctx) => {
    const doc = await backendOpenApi(ctx)
    if (!doc) skipCheck('the backend serves no OpenAPI document at /openapi.json')
    const ours = await createContractValidator()
    const normalize = (path: string) => path.replace(/\{[^}]+\}/g, '{}')
    const resolve = (schema: any): any => {
      let s = schema
      for (let i = 0; i < 10 && s?.$ref; i++) s = String(s.$ref).replace(/^#\//, '').split('/').reduce((n: any, k: string) => n?.[k], doc)
      return s
    }
    const differences: string[] = []
    for (const op of OPERATIONS) {
      const path = normalize(op.path.replace(/^\/api(?=\/)/, op.secured ? ctx.basePath : '/api'))
      const theirPath = Object.keys(doc.paths).find((p) => normalize(p) === path)
      const theirs = theirPath ? doc.paths[theirPath]?.[op.method.toLowerCase()] : undefined
      if (!theirs) { differences.push(`${op.operationId}: ${op.method} ${path} is missing`); continue }
      const ourSuccess = op.responses.filter((s) => s.startsWith('2'))
      const theirSuccess = Object.keys(theirs.responses ?? {}).filter((s) => s.startsWith('2'))
      if (theirSuccess.length && ourSuccess.join() !== theirSuccess.join()) differences.push(`${op.operationId}: success status ${theirSuccess.join('/')} (contract: ${ourSuccess.join('/')})`)
      const status = ourSuccess[0]!
      const ourSchema = ours.doc.paths[op.path]?.[op.method.toLowerCase()]?.responses?.[status]?.content?.['application/json']?.schema
      const theirSchema = resolve(theirs.responses?.[status]?.content?.['application/json']?.schema)
      const props = (s: any) => Object.keys(resolve(s)?.properties ?? {}).sort().join(', ')
      if (ourSchema && theirSchema?.properties && props(ourSchema) !== props(theirSchema)) {
        differences.push(`${op.operationId} ${status}: fields {${props(theirSchema)}} (contract: {${props(ourSchema)}})`)
      }
    }
    if (differences.length > 0) throw new Error(`the backend's /openapi.json differs from the contract:\n  ${differences.join('\n  ')}`)
  })
})
