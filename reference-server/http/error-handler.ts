import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import type { ValidationItem } from '../../contracts/error-registry.ts'
import { capValidationItems } from '../../shared/http/cap-validation-items.ts'
import { decodeUtf8, hasLoneSurrogate, INVALID_UTF8, LONE_SURROGATE, type TextProblem } from '../../shared/http/json-text.ts'
import { sendProblem } from './send-problem.ts'

/** PostgreSQL/driver failures that mean "the database is unreachable", not "the request is wrong". */
const DB_UNAVAILABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08006'])

function isDatabaseUnavailable(error: FastifyError): boolean {
  return DB_UNAVAILABLE.has(String(error.code)) || /Connection terminated|timeout exceeded when trying to connect|Query read timeout/i.test(error.message)
}

/**
 * SQLSTATEs of a value the database cannot take: 22P02 invalid_text_representation (text that is
 * no uuid), 22021 character_not_in_repertoire (U+0000 in text). Validation should refuse such a
 * value first; mapping them too means a future schema slip is a 422, never a 500.
 */
export const VALUE_REFUSED_BY_DATABASE: ReadonlySet<string> = new Set(['22P02', '22021'])

/** Ajv errors as FastAPI-style items: `loc` starts with where the value came from (body, path). */
function toValidationItems(error: FastifyError, body: unknown): ValidationItem[] {
  // FastAPI's names for where a value came from: `path` and `query`, not Fastify's `params`/`querystring`.
  const where = ({ params: 'path', querystring: 'query' } as Record<string, string>)[error.validationContext ?? ''] ?? error.validationContext ?? 'body'
  // No body at all (an empty one reads as none): one "required" item, as FastAPI and the mock answer, not "must be object".
  if (where === 'body' && body === undefined) return [{ loc: ['body'], msg: 'Request body is required', type: 'missing' }]
  return (error.validation ?? []).map((v) => {
    const loc: (string | number)[] = [
      where,
      ...v.instancePath
        .split('/')
        .filter(Boolean)
        .map((p) => (/^\d+$/.test(p) ? Number(p) : p)),
    ]
    const params = v.params as Record<string, unknown>
    if (typeof params.missingProperty === 'string') loc.push(params.missingProperty)
    if (typeof params.additionalProperty === 'string') loc.push(params.additionalProperty)
    return { loc, msg: v.message ?? 'is invalid', type: v.keyword }
  })
}

/** Fastify's error handler, as `setErrorHandler` takes it. */
export type ErrorHandler = (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => unknown

/**
 * Every error leaves the server as a registry problem body: validation and unreadable bodies as
 * 422 (what FastAPI answers), too-large bodies as 413, an unreachable database as 503, anything
 * else as a bare 500 — the stack goes to the log, never into the response.
 */
export const handleError: ErrorHandler = (error, request, reply) => {
  if (error.validation) return sendProblem(reply, 'VALIDATION_FAILED', capValidationItems(toValidationItems(error, request.body)))
  if (error.code === UNICODE_INVALID) return sendBodyProblem(reply, error.message, 'unicode_invalid')
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return sendProblem(reply, 'PAYLOAD_TOO_LARGE')
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
    return sendProblem(reply, 'VALIDATION_FAILED', {
      detail: 'Content-Type must be application/json',
      errors: [{ loc: ['body'], msg: 'Content-Type must be application/json', type: 'content_type' }],
    })
  }
  if (error.statusCode === 400) {
    // Unparseable JSON and friends (FST_ERR_CTP_*, SyntaxError): the body is what is wrong.
    return sendBodyProblem(reply, 'Request body is not valid JSON', 'json_invalid')
  }
  if (VALUE_REFUSED_BY_DATABASE.has(String(error.code))) {
    // Logged as a warning: it means a contract rule is missing, not that the server is broken.
    request.log.warn({ err: { type: error.name, code: error.code } }, 'value refused by the database')
    return sendProblem(reply, 'VALIDATION_FAILED', {
      detail: 'A value in the request cannot be stored (not a valid id, or text with U+0000)',
      errors: [{ loc: ['request'], msg: 'value cannot be stored', type: 'value_invalid' }],
    })
  }
  if (isDatabaseUnavailable(error)) {
    request.log.error({ err: { type: error.name, code: error.code, message: error.message } }, 'database unavailable')
    return sendProblem(reply, 'SERVICE_UNAVAILABLE')
  }
  return sendInternalError(error, request, reply)
}

/** The bare 500 for an unexpected error: the error goes to the log, only the registry body to the client. */
export function sendInternalError(error: FastifyError, request: FastifyRequest, reply: FastifyReply) {
  request.log.error({ err: error }, 'unhandled error')
  return sendProblem(reply, 'INTERNAL_ERROR')
}

/**
 * Installs `errorHandler` (default {@link handleError}) and the registry's 404 for paths no route
 * takes.
 */
export function registerErrorHandling(app: FastifyInstance, errorHandler: ErrorHandler = handleError) {
  app.setErrorHandler(errorHandler)
  app.setNotFoundHandler((_request, reply) => sendProblem(reply, 'ROUTE_NOT_FOUND'))
}

/** Error code of a body whose text is no Unicode (see shared/http/json-text.ts); answered 422. */
const UNICODE_INVALID = 'TCK_UNICODE_INVALID'

const unicodeError = (problem: TextProblem) => Object.assign(new Error(problem.msg), { code: UNICODE_INVALID, statusCode: 400 })

/** A 422 about the body as a whole (`loc: ['body']`). */
function sendBodyProblem(reply: FastifyReply, msg: string, type: string) {
  return sendProblem(reply, 'VALIDATION_FAILED', { detail: msg, errors: [{ loc: ['body'], msg, type }] })
}

/**
 * JSON bodies through Fastify's own parser (which guards against prototype poisoning), except an
 * empty body, which is read as "no body": clients such as the specification's API client send
 * `Content-Type: application/json` on every request, including a body-less PATCH or DELETE.
 * Bytes that are not UTF-8 and lone surrogates are refused (422) rather than stored as U+FFFD.
 */
export function registerJsonParser(app: FastifyInstance) {
  const parseJson = app.getDefaultJsonParser('error', 'error')
  app.removeContentTypeParser('application/json')
  // As bytes: a string parser would already have replaced malformed UTF-8 with U+FFFD.
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    const text = decodeUtf8(body as Buffer)
    if (text === undefined) return done(unicodeError(INVALID_UTF8), undefined)
    if (text.trim() === '') return done(null, undefined)
    return parseJson(request, text, (error, value) => {
      if (error) return done(error, undefined)
      return hasLoneSurrogate(value) ? done(unicodeError(LONE_SURROGATE), undefined) : done(null, value)
    })
  })
}
