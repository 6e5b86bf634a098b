import type { FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify'
import { BEARER_CHALLENGE, type ErrorCode } from '../../contracts/error-registry.ts'
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

async function deny(reply: FastifyReply, code: ErrorCode, challenge?: string) {
  if (challenge) reply.header('www-authenticate', challenge)
  return sendProblem(reply, code)
}

/**
 * The `onRequest` hook of every task route: 401 for any token that does not verify, then 403
 * when the path `user_id` is not the token's `sub`. Running at `onRequest` means an
 * unauthenticated request is refused before its body is read or validated (401 before 422).
 */
export function createAuthHook(verify: TokenVerifier): onRequestAsyncHookHandler {
  return async function authHook(request, reply) {
    const result = await verify(request.headers.authorization)
    if (!result.ok) {
      audit(request, 401, result.reason, result.userId)
      // RFC 6750 section 3.1: no error code when the request carried no credentials.
      const challenge = result.code === 'AUTH_TOKEN_MISSING' ? BEARER_CHALLENGE : `${BEARER_CHALLENGE} error="invalid_token"`
      return deny(reply, result.code, challenge)
    }
    const { user_id: pathUserId } = request.params as { user_id?: string }
    if (pathUserId !== result.userId) {
      audit(request, 403, 'user_mismatch', result.userId)
      return deny(reply, 'FORBIDDEN_USER_MISMATCH')
    }
    request.userId = result.userId
  }
}
