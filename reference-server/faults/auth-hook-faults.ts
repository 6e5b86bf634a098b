import type { FastifyInstance, FastifyRequest, onRequestAsyncHookHandler } from 'fastify'
import { ERRORS } from '../../contracts/error-registry.ts'
import type { AppOverrides } from '../app-overrides.ts'
import type { FaultName } from './faults.ts'

/** The credentials part of an `Authorization` header (what the `echo-token-in-error` fault leaks). */
const credentialsOf = (authorization: string | undefined) => authorization?.trim().replace(/^\S+\s*/, '') ?? ''

/**
 * A hook that defers `authHook` until the body has been read and parsed (a `preValidation` hook,
 * where many frameworks check auth — a FastAPI dependency, an Express middleware after
 * `express.json()`): an unauthenticated upload is then read to its end, or held until the request
 * timeout when it stalls (security review F6).
 */
function deferAfterBody(app: FastifyInstance, authHook: onRequestAsyncHookHandler): onRequestAsyncHookHandler {
  const deferred = new WeakSet<FastifyRequest>()
  app.addHook('preValidation', async function (request, reply) {
    if (deferred.has(request)) return authHook.call(this, request, reply)
    return undefined
  })
  return async (request) => {
    deferred.add(request)
  }
}

/**
 * The auth hook's parts for a fault that lives in the auth hook (401 answers, who the request acts
 * as, when auth runs); `{}` for any other fault. Each breaks exactly one rule of `createAuthHook`.
 */
export function authHookFaultOverrides(fault: FaultName): AppOverrides {
  switch (fault) {
    case 'no-www-authenticate':
      return { authHook: { challenge: () => undefined } }
    case 'echo-token-in-error':
      return { authHook: { detail: (failure, authorization) => `${ERRORS[failure.code].detail} (received: ${credentialsOf(authorization)})` } }
    case 'require-no-subject':
      // With the verifier's part (token-faults.ts): a token naming no user acts as whichever user the path names.
      return { authHook: { actingUser: (tokenUserId, pathUserId) => ((tokenUserId ?? pathUserId) === pathUserId ? pathUserId : undefined) } }
    case 'skip-ownership-check':
      // Anyone at all acts as the path user.
      return { authHook: { actingUser: (_tokenUserId, pathUserId) => pathUserId } }
    case 'validate-before-ownership':
      // No 403 here: the token's user is kept and the 403 is left to a preHandler, after validation (request-faults.ts `ownershipAfterValidation`).
      return { authHook: { actingUser: (tokenUserId) => tokenUserId ?? '' } }
    case 'read-body-before-auth':
      return { wrapAuthHook: deferAfterBody }
    default:
      return {}
  }
}
