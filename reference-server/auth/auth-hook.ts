import type { FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify'
import { BEARER_CHALLENGE, ERRORS, type ErrorCode } from '../../contracts/error-registry.ts'
import type { FaultName } from '../faults/faults.ts'
import { sendProblem } from '../http/send-problem.ts'
import type { TokenVerifier } from './verify-token.ts'

declare module 'fastify' {
  interface FastifyRequest {
    /** The verified token's `sub`; set by the auth hook on task routes. */
    userId: string
  }
}

/** Path without the query string: enough to audit, and a query could carry secrets. */
const pathOf = (request: FastifyRequest) => request.url.split('?', 1)[0]

/**
 * One JSON line per denied request (the specification's "log security events for audit trail"):
 * reason code, method, path and the user id when the token was verified — never the token.
 */
function audit(request: FastifyRequest, status: 401 | 403, reason: string, userId?: string) {
  request.log.warn({ event: 'auth_denied', status, reason, method: request.method, path: pathOf(request), userId }, 'request denied')
}

async function deny(reply: FastifyReply, code: ErrorCode, challenge?: string, detail?: string) {
  if (challenge) reply.header('www-authenticate', challenge)
  // The refusal comes before the body is read (F6). Node would read and drop the rest of the upload
  // to keep the connection, so a 10 MB or a stalled body would still hold it: closed instead. One
  // turn of the event loop first lets Node parse what already arrived (a small body is complete).
  if (!reply.request.raw.complete) await new Promise<void>((resolve) => setImmediate(resolve))
  if (!reply.request.raw.complete) reply.header('connection', 'close')
  return sendProblem(reply, code, detail === undefined ? undefined : { detail })
}

/** The credentials part of an `Authorization` header (what the `echo-token-in-error` fault leaks). */
const credentialsOf = (authorization: string | undefined) => authorization?.trim().replace(/^\S+\s*/, '') ?? ''

/**
 * The `onRequest` hook of every task route: 401 for any token that does not verify, then 403
 * when the path `user_id` is not the token's `sub`. Running at `onRequest` means an
 * unauthenticated request is refused before its body is read or validated (401 before 422).
 * `fault` may break one of these rules on purpose (see faults/faults.ts).
 */
export function createAuthHook(verify: TokenVerifier, fault?: FaultName): onRequestAsyncHookHandler {
  return async function authHook(request, reply) {
    const result = await verify(request.headers.authorization)
    if (!result.ok) {
      audit(request, 401, result.reason, result.userId)
      // RFC 6750 section 3.1: no error code when the request carried no credentials.
      const challenge = fault === 'no-www-authenticate' ? undefined
        : result.code === 'AUTH_TOKEN_MISSING' ? BEARER_CHALLENGE : `${BEARER_CHALLENGE} error="invalid_token"`
      const detail = fault === 'echo-token-in-error'
        ? `${ERRORS[result.code].detail} (received: ${credentialsOf(request.headers.authorization)})`
        : undefined
      return deny(reply, result.code, challenge, detail)
    }
    const { user_id: pathUserId } = request.params as { user_id: string }
    // Fault require-no-subject: a token naming no user acts as whichever user the path names.
    const userId = result.userId ?? (fault === 'require-no-subject' ? pathUserId : undefined)
    // Fault validate-before-ownership: the 403 is left to a preHandler (faults/request-faults.ts), after validation.
    if (fault === 'validate-before-ownership') {
      request.userId = userId ?? ''
      return
    }
    if (pathUserId !== userId && fault !== 'skip-ownership-check') {
      audit(request, 403, 'user_mismatch', userId)
      return deny(reply, 'FORBIDDEN_USER_MISMATCH')
    }
    // The path user: the verified sub itself, or anyone at all under the skip-ownership-check fault.
    request.userId = pathUserId
  }
}
