import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, expect } from 'vitest'
import { createContractValidator, formatViolations, listOperations, type ContractValidator } from '../../contracts/contract-schemas.ts'
import type { Issuer } from '../../mocks/issuer/index.ts'
import { createNodeMockHandlers, type MockHandlers, type NodeMockHandlersOptions } from '../../mocks/msw/index.ts'

/** Origin the tests call; `setupServer` intercepts it, so nothing listens and no DNS is needed. */
export const API = 'http://api.test'

/** One answer, parsed, with the operation it was checked against. */
export interface ApiAnswer {
  status: number
  headers: Headers
  /** Parsed JSON, or `undefined` for an empty body. */
  body: any
  operationId: string | undefined
}

export interface CallOptions {
  /** Sent as `Authorization: Bearer <token>`. */
  token?: string
  /** JSON-encoded with `Content-Type: application/json`; a string is sent as is. */
  body?: unknown
  headers?: Record<string, string>
  /** Skip the contract check, for an answer that is undocumented on purpose. Default true. */
  conform?: boolean
}

export interface MswHarness {
  mock: MockHandlers
  issuer: Issuer
  server: ReturnType<typeof setupServer>
  validator: ContractValidator
  /** Drift and `Prefer` warnings so far; the harness fails a test that leaves unexpected ones. */
  warnings: string[]
  tokenFor(sub: string): Promise<string>
  /** Calls the mock and asserts the answer conforms to the contract (status, type, body, headers). */
  call(method: string, path: string, options?: CallOptions): Promise<ApiAnswer>
}

/**
 * Registers Vitest hooks that run the Node MSW mock (`setupServer`) for one test file, and returns
 * a getter for it. Store and scenarios are reset after every test; so are warnings, which must be
 * consumed (`warnings.splice(0)`) by a test that expects them.
 */
export function useMswMock(options: Omit<NodeMockHandlersOptions, 'validator' | 'warn'> = {}): () => MswHarness {
  let harness: MswHarness | undefined
  beforeAll(async () => {
    const validator = await createContractValidator()
    const warnings: string[] = []
    const mock = await createNodeMockHandlers({ ...options, validator, warn: (message) => void warnings.push(message) })
    const server = setupServer(...mock.handlers)
    server.listen({ onUnhandledRequest: 'error' })
    const issuer = mock.issuer!
    harness = {
      mock,
      issuer,
      server,
      validator,
      warnings,
      tokenFor: (sub) => issuer.mint({ sub }),
      call: (method, path, callOptions) => callAndCheck(validator, method, path, callOptions),
    }
  })
  afterEach(() => {
    const left = harness?.warnings.splice(0) ?? []
    harness?.mock.store.reset()
    harness?.mock.scenarios.reset()
    expect(left, 'unexpected mock warnings').toEqual([])
  })
  afterAll(() => harness?.server.close())
  return () => harness!
}

/** Finds the contract operation a concrete method and path belong to. */
export function operationFor(validator: ContractValidator, method: string, path: string): string | undefined {
  const pathname = new URL(path, API).pathname
  return listOperations(validator.doc).find(
    (op) => op.method === method.toUpperCase() && new RegExp(`^${op.path.replace(/\{[^}]+\}/g, '[^/]+')}$`).test(pathname),
  )?.operationId
}

async function callAndCheck(validator: ContractValidator, method: string, path: string, options: CallOptions = {}): Promise<ApiAnswer> {
  const headers: Record<string, string> = { ...options.headers }
  if (options.token !== undefined) headers.authorization = `Bearer ${options.token}`
  let body: string | undefined
  if (options.body !== undefined) {
    body = typeof options.body === 'string' ? options.body : JSON.stringify(options.body)
    headers['content-type'] ??= 'application/json'
  }
  const response = await fetch(`${API}${path}`, { method, headers, ...(body !== undefined && { body }) })
  const text = await response.text()
  const answer: ApiAnswer = {
    status: response.status,
    headers: response.headers,
    body: text === '' ? undefined : JSON.parse(text),
    operationId: operationFor(validator, method, path),
  }
  if (answer.operationId && options.conform !== false) {
    const result = validator.validateResponse(answer.operationId, answer.status, response.headers.get('content-type'), answer.body, response.headers)
    expect(result.valid, `${method} ${path} → ${answer.status} drifts from the contract:\n${formatViolations(result.errors)}`).toBe(true)
  }
  return answer
}
