import type { FastifyReply, FastifyRequest, onRequestAsyncHookHandler } from 'fastify'
import { BEARER_CHALLENGE, type ErrorCode } from '../../contracts/error-registry.ts'
import type { AuthFailure, TokenVerifier } from '../../shared/auth/auth-failure.ts'
import { sendProblem } from '../http/send-problem.ts'

declare module 'fastify' {
  interface FastifyRequest {
    /** The user the request acts as (the verified token's `sub`); set by the auth hook on task routes. */
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

/** The `WWW-Authenticate` challenge of a 401 (RFC 6750 section 3.1): no error code when the request carried no credentials. */
export function bearerChallenge(failure: AuthFailure): string {
  return failure.code === 'AUTH_TOKEN_MISSING' ? BEARER_CHALLENGE : `${BEARER_CHALLENGE} error="invalid_token"`
}

/** The correct acting user: the path user, only when it is the token's `sub`; else none (403). */
const pathUserIfOwner = (tokenUserId: string | undefined, pathUserId: string) => (tokenUserId === pathUserId ? pathUserId : undefined)

/** Replaceable parts of {@link createAuthHook}; each defaults to the correct rule. */
export interface AuthHookParts {
  /** The `WWW-Authenticate` value of a 401; `undefined` sends none. Default {@link bearerChallenge}. */
  challenge?: (failure: AuthFailure) => string | undefined
  /**
   * The 401 body's `detail`, given the raw `Authorization` value; `undefined` keeps the registry's.
   * Default: the registry's (the credentials are never echoed).
   */
  detail?: (failure: AuthFailure, authorization: string | undefined) => string | undefined
  /**
   * The user the request acts as (`request.userId`), from the token's `sub` (absent when the
   * verifier does not require one) and the path `user_id`; `undefined` refuses with 403
   * FORBIDDEN_USER_MISMATCH. Default: the path user when it is the token's `sub`.
   */
  actingUser?: (tokenUserId: string | undefined, pathUserId: string) => string | undefined
}

/**
 * The `onRequest` hook of every task route: 401 for any token that does not verify, then 403
 * when the path `user_id` is not the token's `sub`. Running at `onRequest` means an
 * unauthenticated request is refused before its body is read or validated (401 before 422).
 * `parts` may replace one of these rules (see {@link AuthHookParts}).
 */
export function createAuthHook(verify: TokenVerifier, parts: AuthHookParts = {}): onRequestAsyncHookHandler {
  const challenge = parts.challenge ?? bearerChallenge
  const actingUser = parts.actingUser ?? pathUserIfOwner
  return async function authHook(request, reply) {
    const result = await verify(request.headers.authorization)
    if (!result.ok) {
      audit(request, 401, result.reason, result.userId)
      return deny(reply, result.code, challenge(result), parts.detail?.(result, request.headers.authorization))
    }
    const { user_id: pathUserId } = request.params as { user_id: string }
    const userId = actingUser(result.userId, pathUserId)
    if (userId === undefined) {
      audit(request, 403, 'user_mismatch', result.userId)
      return deny(reply, 'FORBIDDEN_USER_MISMATCH')
    }
    request.userId = userId
  }
}
