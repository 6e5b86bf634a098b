import { errors as joseErrors } from 'jose'
import { PROBLEM_CONTENT_TYPE, problem } from '../../contracts/error-registry.ts'
import { sendInternalError, VALUE_REFUSED_BY_DATABASE, type ErrorHandler } from '../http/error-handler.ts'
import type { AddHooks } from './request-faults.ts'

/** A wrapper of the registry's error handler (the `errorHandler` part of an `AppOverrides`). */
export type WrapErrorHandler = (correct: ErrorHandler) => ErrorHandler

/** path-param-500, uuid-prefix-500: a value the database refuses escapes as a 500 instead of a 422. */
export const databaseValueErrorsAs500: WrapErrorHandler = (correct) => (error, request, reply) =>
  VALUE_REFUSED_BY_DATABASE.has(String(error.code)) ? sendInternalError(error, request, reply) : correct(error, request, reply)

/**
 * internals-on-bad-token, the debug-mode leak for the token errors the verifier lets escape under
 * this fault only: the message and stack trace go to the client as well as to the log.
 */
export const internalsInResponse: WrapErrorHandler = (correct) => (error, request, reply) => {
  if (!(error instanceof joseErrors.JOSEError)) return correct(error, request, reply)
  request.log.error({ err: error }, 'unhandled error')
  const body = { ...problem('INTERNAL_ERROR', { detail: `${error.name}: ${error.message}` }), stack: error.stack }
  return reply.code(500).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body))
}

/** Statuses the `error-as-html` fault answers as an HTML page instead of problem JSON. */
const HTML_ERROR_STATUSES = new Set([404, 422])

/** error-as-html: 404 and 422 answers become an HTML page, not the contract's problem JSON. */
export const errorsAsHtml: AddHooks = (app) => {
  app.addHook('onSend', async (_request, reply, payload) => {
    if (!HTML_ERROR_STATUSES.has(reply.statusCode)) return payload
    reply.type('text/html; charset=utf-8')
    return `<!doctype html><html><head><title>${reply.statusCode}</title></head><body><h1>Error ${reply.statusCode}</h1></body></html>`
  })
}
