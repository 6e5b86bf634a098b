import type { FastifyError, FastifyInstance } from 'fastify'
import { errors as joseErrors } from 'jose'
import { PROBLEM_CONTENT_TYPE, problem, type ValidationItem } from '../../contracts/error-registry.ts'
import type { FaultName } from '../faults/faults.ts'
import { sendProblem } from './send-problem.ts'

/** PostgreSQL/driver failures that mean "the database is unreachable", not "the request is wrong". */
const DB_UNAVAILABLE = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ENOTFOUND', '57P01', '57P02', '57P03', '08000', '08001', '08003', '08006'])

function isDatabaseUnavailable(error: FastifyError): boolean {
  return DB_UNAVAILABLE.has(String(error.code)) || /Connection terminated|timeout exceeded when trying to connect|Query read timeout/i.test(error.message)
}

/** Ajv errors as FastAPI-style items: `loc` starts with where the value came from (body, path). */
function toValidationItems(error: FastifyError): ValidationItem[] {
  const where = error.validationContext === 'params' ? 'path' : (error.validationContext ?? 'body')
  return (error.validation ?? []).map((v) => {
    const loc: (string | number)[] = [where, ...v.instancePath.split('/').filter(Boolean).map((p) => (/^\d+$/.test(p) ? Number(p) : p))]
    const params = v.params as Record<string, unknown>
    if (typeof params.missingProperty === 'string') loc.push(params.missingProperty)
    if (typeof params.additionalProperty === 'string') loc.push(params.additionalProperty)
    return { loc, msg: v.message ?? 'is invalid', type: v.keyword }
  })
}

/** Statuses the `error-as-html` fault answers as an HTML page instead of problem JSON. */
const HTML_ERROR_STATUSES = new Set([404, 422])

/**
 * Every error leaves the server as a registry problem body: validation and unreadable bodies as
 * 422 (what FastAPI answers), too-large bodies as 413, an unreachable database as 503, anything
 * else as a bare 500 — the stack goes to the log, never into the response. `fault` may break one
 * of these rules on purpose (see faults/faults.ts).
 */
export function registerErrorHandling(app: FastifyInstance, fault?: FaultName) {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error.validation) {
      const errors = toValidationItems(error)
      const detail = errors.map((e) => `${e.loc.join('.')}: ${e.msg}`).join('; ')
      return sendProblem(reply, 'VALIDATION_FAILED', { detail, errors })
    }
    if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') return sendProblem(reply, 'PAYLOAD_TOO_LARGE')
    if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') {
      return sendProblem(reply, 'VALIDATION_FAILED', {
        detail: 'Content-Type must be application/json',
        errors: [{ loc: ['body'], msg: 'Content-Type must be application/json', type: 'content_type' }],
      })
    }
    if (error.statusCode === 400) {
      // Unparseable JSON and friends (FST_ERR_CTP_*, SyntaxError): the body is what is wrong.
      return sendProblem(reply, 'VALIDATION_FAILED', {
        detail: 'Request body is not valid JSON',
        errors: [{ loc: ['body'], msg: 'Request body is not valid JSON', type: 'json_invalid' }],
      })
    }
    if (isDatabaseUnavailable(error)) {
      request.log.error({ err: { type: error.name, code: error.code, message: error.message } }, 'database unavailable')
      return sendProblem(reply, 'SERVICE_UNAVAILABLE')
    }
    request.log.error({ err: error }, 'unhandled error')
    if (fault === 'internals-on-bad-token' && error instanceof joseErrors.JOSEError) {
      // The debug-mode leak, for the token errors the verifier lets escape under this fault only:
      // the message and stack trace go to the client as well as to the log.
      const body = { ...problem('INTERNAL_ERROR', { detail: `${error.name}: ${error.message}` }), stack: error.stack }
      return reply.code(500).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body))
    }
    return sendProblem(reply, 'INTERNAL_ERROR')
  })
  app.setNotFoundHandler((_request, reply) => sendProblem(reply, 'ROUTE_NOT_FOUND'))
  if (fault === 'error-as-html') {
    app.addHook('onSend', async (_request, reply, payload) => {
      if (!HTML_ERROR_STATUSES.has(reply.statusCode)) return payload
      reply.type('text/html; charset=utf-8')
      return `<!doctype html><html><head><title>${reply.statusCode}</title></head><body><h1>Error ${reply.statusCode}</h1></body></html>`
    })
  }
}

/**
 * JSON bodies through Fastify's own parser (which guards against prototype poisoning), except an
 * empty body, which is read as "no body": clients such as the specification's API client send
 * `Content-Type: application/json` on every request, including a body-less PATCH or DELETE.
 */
export function registerJsonParser(app: FastifyInstance) {
  const parseJson = app.getDefaultJsonParser('error', 'error')
  app.removeContentTypeParser('application/json')
  app.addContentTypeParser('application/json', { parseAs: 'string' }, (request, body, done) => {
    const text = body.toString()
    if (text.trim() === '') return done(null, undefined)
    return parseJson(request, text, done)
  })
}
