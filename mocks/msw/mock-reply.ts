import { HttpResponse } from 'msw'
import { capValidationItems } from '../../shared/http/cap-validation-items.ts'
import { BEARER_CHALLENGE, PROBLEM_CONTENT_TYPE, problem, type ErrorCode, type ValidationItem } from '../../contracts/error-registry.ts'

/**
 * One answer before it becomes a `Response`: plain data, so it can be checked against the contract
 * without reading a body stream back.
 */
export interface MockReply {
  status: number
  /** Parsed JSON body; `undefined` for none (204). */
  body?: unknown
  /** Media type of `body`. Default `application/json` when there is a body. */
  contentType?: string
  headers?: Record<string, string>
}

/** The media type of success bodies, as the reference server sends it. */
export const JSON_CONTENT_TYPE = 'application/json; charset=utf-8'

/** A JSON success answer. */
export function jsonReply(status: number, body: unknown): MockReply {
  return { status, body, contentType: JSON_CONTENT_TYPE }
}

/** A registry problem body (`application/problem+json`), the one way the mock answers an error. */
export function problemReply(code: ErrorCode, extra?: { detail?: string; errors?: ValidationItem[] }): MockReply {
  const body = problem(code, extra)
  const reply: MockReply = { status: body.status, body, contentType: PROBLEM_CONTENT_TYPE }
  if (body.status === 401) reply.headers = { 'www-authenticate': bearerChallenge(code) }
  return reply
}

/**
 * RFC 6750 section 3.1, as the reference server's auth hook answers: no error code when the
 * request carried no credentials, `error="invalid_token"` otherwise.
 */
export function bearerChallenge(code: string): string {
  return code === 'AUTH_TOKEN_MISSING' ? BEARER_CHALLENGE : `${BEARER_CHALLENGE} error="invalid_token"`
}

/**
 * A 422 listing FastAPI-style items; `detail` joins them the way the reference server does, and
 * both are capped the same way (the first 20 items, then "(and N more)").
 */
export function validationReply(errors: ValidationItem[]): MockReply {
  return problemReply('VALIDATION_FAILED', capValidationItems(errors))
}

/** Turns a reply into the `Response` MSW sends. */
export function toResponse(reply: MockReply): Response {
  const headers = new Headers(reply.headers)
  if (reply.body === undefined) return new HttpResponse(null, { status: reply.status, headers })
  headers.set('content-type', reply.contentType ?? JSON_CONTENT_TYPE)
  return HttpResponse.json(reply.body as never, { status: reply.status, headers })
}
