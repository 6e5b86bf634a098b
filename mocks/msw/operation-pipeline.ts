import { decodeJwt } from 'jose'
import { delay, HttpHandler, HttpResponse } from 'msw'
import type { ContractValidator } from '../../contracts/contract-validator.ts'
import type { TokenVerifier } from '../../shared/auth/auth-failure.ts'
import { checkContractDrift, defaultValidateResponses, type WarnFn } from './contract-drift.ts'
import { createContractResponses } from './contract-responses.ts'
import { problemReply, toResponse, validationReply, type MockReply } from './mock-reply.ts'
import { readJsonBody } from './request-body.ts'
import { validateJsonBody, validatePathParameters, validateQueryParameters } from './request-validation.ts'
import { routePredicate } from './route-predicate.ts'
import { parsePrefer, type Scenarios } from './scenarios.ts'
import { bearerToken } from './verify-mock-token.ts'

/** What an operation's own code receives once every check before it has passed. */
export interface OperationContext {
  /** The verified token's `sub` (= the path `user_id`); `''` on open operations. */
  userId: string
  /** The path `task_id`, already checked to be a UUID; `undefined` on paths without one. */
  taskId: string
  /** The parsed JSON body, already valid for the operation's schema; `undefined` when none. */
  body: unknown
  /** The declared query parameters, already valid, integers read and defaults applied (`{}` when none). */
  query: Record<string, unknown>
}

/** An operation's own code: reads or writes the store and answers. */
export type OperationRun = (context: OperationContext) => MockReply

/** Options shared by every handler the pipeline builds. */
export interface PipelineOptions {
  /** Origin (and prefix) served; `'*'` (default) matches any origin, as a browser app needs. */
  baseUrl?: string
  verifier: TokenVerifier
  scenarios: Scenarios
  /** Validator of the contract; its `doc` (dereferenced) also supplies examples and path schemas. */
  validator: ContractValidator
  /** Check every answer against the contract and warn on drift. Default: NODE_ENV !== 'production'. */
  validateResponses?: boolean
  /** Where drift and `Prefer` warnings go. Default `console.warn`. */
  warn?: WarnFn
}

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete'
const BODY_METHODS = new Set<Method>(['post', 'put', 'patch', 'delete'])

/**
 * Builds MSW handlers that apply, in the reference server's order: offline / latency / failNext /
 * failure rate (simulated infrastructure), then 401, 403, `Prefer` (only once the request is
 * authenticated AND on the caller's own path: a simulated answer never turns another user's 403
 * into a 200), body 413/422, path 422, query 422, body-schema 422, and finally the operation.
 * `open` operations (health probes) skip the failures and the auth steps.
 * Routes match as the reference server routes them (route-predicate.ts: exact paths, no trailing
 * slash, no `//host`); a GET route also serves HEAD, with the same checks and no body.
 */
export function createOperationPipeline(options: PipelineOptions) {
  const { verifier, scenarios, validator } = options
  const warn = options.warn ?? ((message: string) => console.warn(message))
  const validate = options.validateResponses ?? defaultValidateResponses()
  const responses = createContractResponses(validator.doc)
  const base = (options.baseUrl ?? '*').replace(/\/+$/, '')

  const preferred = (operationId: string, request: Request): MockReply | undefined => {
    const { code, example } = parsePrefer(request.headers.get('prefer'))
    if (code === undefined && example === undefined) return undefined
    const reply = example === undefined ? responses.forStatus(operationId, code!) : responses.named(operationId, example, code)
    if (reply) return reply
    // Prism answers an unknown preference with 404 too; the warning says why, so it is not mistaken for a real 404.
    const wanted = [code && `code=${code}`, example && `example=${example}`].filter(Boolean).join(', ')
    warn(`[tck mock] Prefer: ${wanted} matches no documented response of ${operationId} (documented: ${responses.statuses(operationId).join(', ')})`)
    return problemReply('ROUTE_NOT_FOUND', { detail: `No documented response of ${operationId} matches Prefer: ${wanted}` })
  }

  const answer = async (
    operationId: string,
    method: Method,
    secured: boolean,
    request: Request,
    params: Record<string, string>,
    run: OperationRun,
  ): Promise<MockReply> => {
    let userId = ''
    if (secured) {
      const forced = scenarios.takeFailNext()
      if (forced !== undefined) return responses.failure(operationId, forced)
      if (scenarios.rollFailure()) return responses.failure(operationId, 500)
      const auth = await verifier(request.headers.get('authorization') ?? undefined)
      if (!auth.ok) return problemReply(auth.code)
      if (sessionExpired(request, scenarios.get().tokenExpiresAfterSeconds)) return problemReply('AUTH_TOKEN_EXPIRED')
      if (auth.userId === undefined || params.user_id !== auth.userId) return problemReply('FORBIDDEN_USER_MISMATCH')
      userId = auth.userId
      const prefer = preferred(operationId, request)
      if (prefer) return prefer
    } else {
      const prefer = preferred(operationId, request)
      if (prefer) return prefer
    }
    let body: unknown
    if (BODY_METHODS.has(method)) {
      const read = await readJsonBody(request)
      if (!read.ok) return read.reply
      body = read.body
    }
    const pathErrors = validatePathParameters(validator, operationId, params)
    if (pathErrors.length > 0) return validationReply(pathErrors)
    const query = validateQueryParameters(validator, operationId, new URL(request.url).searchParams)
    if (query.items.length > 0) return validationReply(query.items)
    // The toggle's body is optional (`{}` at most): checked only when one was sent. `null` counts as
    // none, as in the reference server (Fastify validates an absent body as null).
    if (method === 'post' || method === 'put' || (method === 'patch' && body !== undefined && body !== null)) {
      const bodyErrors = validateJsonBody(validator, operationId, body)
      if (bodyErrors.length > 0) return validationReply(bodyErrors)
    }
    // UUIDs are case-insensitive (RFC 9562 §4): an uppercase id names the stored (lowercase) task, as in PostgreSQL.
    return run({ userId, taskId: (params.task_id ?? '').toLowerCase(), body, query: query.values })
  }

  const handler =
    (secured: boolean) =>
    (method: Method, path: string, operationId: string, run: OperationRun): HttpHandler =>
      new HttpHandler(method === 'get' ? /^(GET|HEAD)$/ : method.toUpperCase(), routePredicate(base, path), async ({ request, params }) => {
        const settings = scenarios.get()
        if (settings.offline) return HttpResponse.error()
        if (settings.latencyMs > 0) await delay(settings.latencyMs)
        let reply: MockReply
        try {
          reply = await answer(operationId, method, secured, request, params as Record<string, string>, run)
        } catch {
          // Never a stack trace or message in the answer, as the reference server's error handler.
          reply = problemReply('INTERNAL_ERROR')
        }
        if (validate) checkContractDrift(validator, operationId, reply, warn)
        const response = toResponse(reply)
        // HEAD: GET's status and headers, no body (what Fastify's exposed HEAD routes answer).
        return request.method === 'HEAD' ? new Response(null, { status: response.status, headers: response.headers }) : response
      })

  return { secured: handler(true), open: handler(false) }
}

/** The `tokenExpiresAfterSeconds` scenario: the (verified) token was issued longer ago than allowed. */
function sessionExpired(request: Request, maxAgeSeconds: number | undefined): boolean {
  if (maxAgeSeconds === undefined) return false
  const token = bearerToken(request.headers.get('authorization'))
  const iat = token === undefined ? undefined : decodeJwt(token).iat
  return typeof iat === 'number' && Date.now() / 1000 - iat > maxAgeSeconds
}
