import { beforeAll, describe } from 'vitest'
import { createContractValidator, formatViolations, type ContractViolation } from '../../contracts/contract-schemas.ts'
import { check, checkContext, skipCheck, SkipCheck } from '../support/define-check.ts'
import { call, CONTRACT, createTaskAs, OPERATIONS, SECURED_OPERATIONS, unusedTaskId } from '../support/api.ts'
import { describeFailure, send, type Exchange } from '../support/exchange.ts'
import { backendOpenApi, resolve as resolveRef } from '../support/backend-openapi.ts'
import { parseViolations } from '../../mocks/prism/index.ts'

interface Sample {
  operationId: string
  ex: Exchange
}

/** One exchange per documented situation of every operation: success, 401, 403, 404, 422. */
async function collectSamples(): Promise<Sample[]> {
  const ctx = checkContext(import.meta.url)
  const samples: Sample[] = []
  // A request that never reached its route (SkipCheck from call()) is no sample of the route's answers.
  const add = async (operationId: string, exchange: Exchange | Promise<Exchange>) => {
    try {
      samples.push({ operationId, ex: await exchange })
    } catch (error) {
      if (!(error instanceof SkipCheck)) throw error
    }
  }
  // Health probes live at the server root whatever the task routes' base path is.
  for (const op of OPERATIONS.filter((o) => !o.secured))
    await add(op.operationId, send({ method: op.method, url: `${ctx.baseUrl}${op.path}`, operationId: op.operationId }))
  for (const op of SECURED_OPERATIONS) {
    const taskId = op.hasTaskId && ctx.capabilities.includes('persistence') ? (await createTaskAs(ctx, 'a').catch(() => undefined))?.id : undefined
    await add(op.operationId, call(ctx, op, { who: 'a', ...(taskId && { taskId }) }))
    await add(op.operationId, call(ctx, op, { headers: {} }))
    await add(op.operationId, call(ctx, op, { who: 'b', pathUser: ctx.users.a.id }))
    if (op.hasTaskId) {
      await add(op.operationId, call(ctx, op, { who: 'a', taskId: unusedTaskId(ctx) }))
      await add(op.operationId, call(ctx, op, { who: 'a', taskId: 'not-a-task-id' }))
    }
    if (op.method === 'POST' || op.method === 'PUT') await add(op.operationId, call(ctx, op, { who: 'a', ...(taskId && { taskId }), json: { title: '' } }))
  }
  return samples
}

let samples: Sample[] = []
let findings: { sample: Sample; violation: ContractViolation }[] = []

/** The specification requires `/health`, nothing of its body, and no readiness probe: probed, not judged. */
const OPTIONAL_SHAPE = new Set(['getReadiness'])
const HEALTH = new Set(['getHealth', 'getReadiness'])

/**
 * Violations that other items already judge or that the specification allows: a NUL that
 * INPUT-007 saw stored exactly (the contract's pattern refuses it; the two must not disagree).
 */
function judgedElsewhere(v: ContractViolation, sample: Sample): boolean {
  if (OPTIONAL_SHAPE.has(sample.operationId)) return true
  if (HEALTH.has(sample.operationId) && v.keyword !== 'status') return true
  // The 401 challenge is AUTH-019's (an RFC requirement): not repeated here as a contract finding.
  if (v.keyword === 'header' && /www-authenticate/i.test(v.instancePath)) return true
  return v.keyword === 'pattern' && typeof v.params?.pattern === 'string' && v.params.pattern.includes('\\u0000')
}

/** One task's body first (the news is "your task body is wrapped"), then lists, then errors, then health. */
const weight = ({ sample }: { sample: Sample }) =>
  (HEALTH.has(sample.operationId) ? 4 : 0) + (sample.ex.response.status >= 300 ? 2 : 0) + (sample.operationId === 'listTasks' ? 1 : 0)

/** A hint for the most common shape difference: a task or list wrapped in an envelope. */
function shapeHint(body: unknown): string {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return ''
  const keys = Object.keys(body)
  const inner = keys.length <= 3 ? keys.find((k) => typeof (body as any)[k] === 'object' && (body as any)[k] !== null) : undefined
  return inner && !('id' in body) && !('data' in body && Array.isArray((body as any).data)) ? ` (the task body is wrapped under "${inner}")` : ''
}

beforeAll(async () => {
  // Another document only when the run serves one (a Prism target with --contract): the same validator otherwise.
  const validator = await createContractValidator(checkContext(import.meta.url).contractPath ? CONTRACT : undefined)
  samples = await collectSamples()
  findings = samples
    .flatMap((sample) => {
      const { ex, operationId } = sample
      const contentType = ex.response.headers.get('content-type')
      const body = ex.response.text === '' ? undefined : (ex.response.json ?? ex.response.text)
      return validator
        .validateResponse(operationId, ex.response.status, contentType, body, ex.response.headers)
        .errors.filter((violation) => !judgedElsewhere(violation, sample))
        .map((violation) => ({ sample, violation }))
    })
    .sort((a, b) => weight(a) - weight(b))
}, 120_000)

/** Fails with each distinct divergence once (a contract finding), with one example exchange. */
function report(filter: (v: ContractViolation) => boolean) {
  const seen = new Map<string, { sample: Sample; violation: ContractViolation }>()
  for (const f of findings.filter((f) => filter(f.violation))) {
    const key = `${f.sample.operationId} ${f.sample.ex.response.status} ${f.violation.keyword} ${f.violation.instancePath} ${f.violation.message}`
    if (!seen.has(key)) seen.set(key, f)
  }
  if (seen.size === 0) return
  // One paragraph per operation and status: a wrapped body is one finding, not one per missing field.
  const byResponse = new Map<string, { sample: Sample; violations: ContractViolation[] }>()
  for (const { sample, violation } of seen.values()) {
    const key = `${sample.operationId} ${sample.ex.response.status}`
    const entry = byResponse.get(key) ?? { sample, violations: [] }
    entry.violations.push(violation)
    byResponse.set(key, entry)
  }
  // The same divergence on several operations (an error envelope, a wrapped task) is one line.
  const lines = new Map<string, string[]>()
  for (const { sample, violations } of byResponse.values()) {
    const hint = sample.ex.response.status < 300 ? shapeHint(sample.ex.response.json) : ''
    const text = `got ${sample.ex.response.status}: ${hint ? `${hint.slice(2, -1)}; ` : ''}${formatViolations(violations.slice(0, 2)).split('\n').join('; ')}${violations.length > 2 ? ` (+${violations.length - 2} more)` : ''}`
    lines.set(text, [...(lines.get(text) ?? []), sample.operationId])
  }
  const examples = [...byResponse.values()].slice(0, 2).map(({ sample }) => describeFailure('a response the contract documents', sample.ex))
  throw new Error([[...lines].map(([text, ops]) => `${ops.join(', ')} ${text}`).join('\n'), ...examples].join('\n\n'))
}

describe('Contract conformance of every response', () => {
  check('CONF-001', async () => report((v) => v.keyword === 'status'))
  check('CONF-002', async () => report((v) => v.keyword === 'contentType'))
  check('CONF-003', async () => report((v) => v.keyword !== 'status' && v.keyword !== 'contentType'))

  check('CONF-005', async () => {
    const reported = samples.flatMap(({ operationId, ex }) =>
      parseViolations(ex.response.headers)
        .filter((v) => v.severity === 'Error' && v.location[0] === 'response')
        .map((v) => ({ operationId, ex, v })),
    )
    if (reported.length === 0) return
    const seen = new Map<string, (typeof reported)[number]>()
    for (const r of reported) seen.set(`${r.operationId} ${r.v.location.join('.')} ${r.v.message}`, r)
    throw new Error(
      [...seen.values()]
        .map(({ operationId, ex, v }) => `${operationId} → Prism: ${v.location.join('.')} ${v.message}\n${describeFailure('no sl-violations', ex)}`)
        .join('\n\n'),
    )
  })

  check('CONF-004', async (ctx) => {
    const doc = await backendOpenApi(ctx)
    if (!doc) skipCheck('the backend serves no OpenAPI document at /openapi.json')
    const ours = await createContractValidator()
    const normalize = (path: string) => path.replace(/\{[^}]+\}/g, '{}')
    const resolve = (schema: any): any => resolveRef(doc, schema)
    const differences: string[] = []
    for (const op of OPERATIONS) {
      const path = normalize(op.path.replace(/^\/api(?=\/)/, op.secured ? ctx.basePath : '/api'))
      const theirPath = Object.keys(doc.paths).find((p) => normalize(p) === path)
      const theirs = theirPath ? doc.paths[theirPath]?.[op.method.toLowerCase()] : undefined
      if (!theirs) {
        differences.push(`${op.operationId}: ${op.method} ${path} is missing`)
        continue
      }
      const ourSuccess = op.responses.filter((s) => s.startsWith('2'))
      const theirSuccess = Object.keys(theirs.responses ?? {}).filter((s) => s.startsWith('2'))
      if (theirSuccess.length && ourSuccess.join() !== theirSuccess.join())
        differences.push(`${op.operationId}: success status ${theirSuccess.join('/')} (contract: ${ourSuccess.join('/')})`)
      const status = ourSuccess[0]!
      const ourSchema = ours.doc.paths[op.path]?.[op.method.toLowerCase()]?.responses?.[status]?.content?.['application/json']?.schema
      const theirSchema = resolve(theirs.responses?.[status]?.content?.['application/json']?.schema)
      const props = (s: any) =>
        Object.keys(resolve(s)?.properties ?? {})
          .sort()
          .join(', ')
      if (ourSchema && theirSchema?.properties && props(ourSchema) !== props(theirSchema)) {
        differences.push(`${op.operationId} ${status}: fields {${props(theirSchema)}} (contract: {${props(ourSchema)}})`)
      }
    }
    if (differences.length > 0)
      throw new Error(
        `the backend's /openapi.json differs from the contract in ${differences.length} place(s), first: ${differences[0]}\n  ${differences.join('\n  ')}`,
      )
  })
})
