import { http, HttpResponse } from 'msw'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createIssuer } from '../../mocks/issuer/index.ts'
import { startMockServer } from '../../mocks/msw/index.ts'
import type { CheckContext } from '../../checklist/check-context.ts'
import { probeAnswers, runParityProbe, type ShapeAnswer } from '../../checklist/parity-probe.ts'
import { PARITY_SHAPES } from '../../checklist/parity-shapes.ts'
import { ALL_CAPABILITIES, startMswTarget, startReferenceTarget, type StartedTarget } from '../../checklist/targets.ts'

const ORIGIN = 'http://localhost:3000'
const closers: (() => Promise<void>)[] = []
let reference: CheckContext
let msw: CheckContext

const contextOf = (target: string, started: Omit<StartedTarget, 'close'>): CheckContext => ({
  target,
  baseUrl: started.baseUrl,
  basePath: '/api',
  capabilities: started.capabilities,
  origin: ORIGIN,
  strict: false,
  thorough: false,
  auth: { mode: 'jwks', issuerUrl: started.issuerUrl, claims: { iss: started.iss, aud: started.aud, extra: {} } },
  users: { a: { id: 'parity_alice' }, b: { id: 'parity_bob' } },
})

beforeAll(async () => {
  const [ref, mock] = [await startReferenceTarget({ origin: ORIGIN }), await startMswTarget({ origin: ORIGIN })]
  closers.push(
    () => ref.close(),
    () => mock.close(),
  )
  reference = contextOf('reference', ref)
  msw = contextOf('msw', mock)
}, 60_000)
afterAll(async () => {
  for (const close of closers.reverse()) await close()
})

/** The answers settled for F8 and F9 (issue 11), which both implementations must give. */
const SETTLED: Record<string, Partial<ShapeAnswer>> = {
  'prefer-code-200-on-foreign-list': { status: 403, code: 'FORBIDDEN_USER_MISMATCH' },
  'prefer-example-on-foreign-list': { status: 403, code: 'FORBIDDEN_USER_MISMATCH' },
  'prefer-code-204-on-foreign-delete': { status: 403, code: 'FORBIDDEN_USER_MISMATCH' },
  'prefer-without-token': { status: 401, code: 'AUTH_TOKEN_MISSING' },
  // Fastify reads `/tasks/` as getTask with task_id '' and `/api//tasks` as user '': the mock routes them alike.
  'trailing-slash-after-tasks': { status: 422, code: 'VALIDATION_FAILED' },
  'trailing-slash-after-task-id': { status: 404, code: 'ROUTE_NOT_FOUND' },
  'empty-user-id-segment': { status: 403, code: 'FORBIDDEN_USER_MISMATCH' },
  'double-leading-slash': { status: 404, code: 'ROUTE_NOT_FOUND' },
  'double-slash-foreign-host': { status: 404, code: 'ROUTE_NOT_FOUND' },
  'head-without-token': { status: 401, code: undefined },
  'head-own-list': { status: 200, code: undefined },
  'head-foreign-list': { status: 403, code: undefined },
  'create-proto-body': { status: 422, detail: 'Request body is not valid JSON' },
  'create-constructor-body': { status: 422, detail: 'Request body is not valid JSON' },
  'create-empty-body': { status: 422, detail: 'body: Request body is required' },
  'preflight-refused-origin': { status: 404, code: 'ROUTE_NOT_FOUND', cors: false },
  'preflight-allowed-origin': { status: 204, cors: true },
}

describe('tck check --compare: the parity probe (security review F8, F9)', () => {
  it('finds the MSW mock and the reference server alike on every request shape', async () => {
    const result = await runParityProbe(msw, reference, { details: true })
    expect(result.differing, result.text).toEqual([])
    expect(result.text).toContain(`Every request shape answered alike on msw and reference.`)
  }, 60_000)

  it.each(['reference', 'msw'])(
    '%s gives the settled answer to each F8/F9 shape',
    async (name) => {
      const answers = await probeAnswers(
        name === 'msw' ? msw : reference,
        PARITY_SHAPES.filter((s) => s.name in SETTLED),
      )
      const got = Object.fromEntries(Object.keys(SETTLED).map((shape) => [shape, pick(answers.get(shape)!, SETTLED[shape]!)]))
      expect(got).toEqual(SETTLED)
    },
    60_000,
  )

  it('is not run against a stateless mock, which would differ on nearly every shape without meaning it', async () => {
    const result = await runParityProbe(msw, { ...reference, target: 'prism', capabilities: ['mint-tokens'] })
    expect([result.differences, result.text.trim()]).toEqual([0, 'Parity probe not run: prism neither verifies tokens nor keeps owners.'])
  })

  it('names the shape on which a mock that answers Prefer before the 403 differs, and counts it', async () => {
    const divergent = await startPreferFirstMock()
    try {
      // Named msw: a mock of this project, so its differences from the reference server are bugs.
      const result = await runParityProbe(divergent.context('msw'), reference, { details: true })
      expect(result.differing).toContain('prefer-code-200-on-foreign-list')
      expect(result.differences).toBe(result.differing.length)
      expect(result.text).toMatch(/^ {2}GET +prefer-code-200-on-foreign-list +200 - cors {2}vs {2}403 FORBIDDEN_USER_MISMATCH cors$/m)
      expect(result.text).not.toContain('do not count')
    } finally {
      await divergent.close()
    }
  }, 60_000)

  it('prints the differences of a backend by URL as information, with one line saying why they do not count', async () => {
    const divergent = await startPreferFirstMock()
    try {
      // The same divergent answers from a backend given by URL (as `tck check --target http://…` names it).
      const result = await runParityProbe(divergent.context(divergent.url), reference, { details: false })
      expect(result.differing).toContain('prefer-code-200-on-foreign-list')
      expect(result.differences).toBe(0)
      expect(result.text).toMatch(/^ {2}GET +prefer-code-200-on-foreign-list +200 - cors {2}vs {2}403 FORBIDDEN_USER_MISMATCH cors$/m)
      expect(result.text.match(/do not count toward the exit code/g)).toHaveLength(1)
    } finally {
      await divergent.close()
    }
  }, 60_000)
})

/**
 * The mock as it was before issue 11 (an authenticated caller's Prefer won over the ownership
 * check), trusting a fresh issuer. `context(name)` is a check context naming it `name`.
 */
async function startPreferFirstMock() {
  const issuer = await createIssuer()
  const listener = await issuer.listen({ port: 0 })
  const preferFirst = http.get('*/api/:user_id/tasks', ({ request }) =>
    request.headers.get('authorization') && request.headers.get('prefer') === 'code=200' ? HttpResponse.json({ data: [], count: 0 }) : undefined,
  )
  const mock = await startMockServer({
    port: 0,
    jwksUrl: `${listener.url}/api/auth/jwks`,
    jwtIssuer: issuer.issuer,
    jwtAudience: [issuer.audience],
    corsOrigins: [ORIGIN],
    validateResponses: false,
    before: [preferFirst],
  })
  return {
    url: mock.url,
    context: (name: string) =>
      contextOf(name, { baseUrl: mock.url, issuerUrl: listener.url, iss: issuer.issuer, aud: issuer.audience, capabilities: ALL_CAPABILITIES }),
    async close() {
      await mock.close()
      await listener.close()
    },
  }
}

/** The fields of `answer` that `expected` names (a `code: undefined` entry asks for no code). */
function pick(answer: ShapeAnswer, expected: Partial<ShapeAnswer>): Partial<ShapeAnswer> {
  return Object.fromEntries(Object.keys(expected).map((key) => [key, answer[key as keyof ShapeAnswer]]))
}
