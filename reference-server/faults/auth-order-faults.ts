import type { FastifyInstance, FastifyRequest, onRequestAsyncHookHandler } from 'fastify'
import type { FaultName } from './faults.ts'

/**
 * The task routes' auth hook, or under `read-body-before-auth` a hook that defers it until the
 * body has been read and parsed (a `preValidation` hook, where many frameworks check auth — a
 * FastAPI dependency, an Express middleware after `express.json()`): an unauthenticated upload is
 * then read to its end, or held until the request timeout when it stalls (security review F6).
 */
export function authHookWithFault(app: FastifyInstance, authHook: onRequestAsyncHookHandler, fault: FaultName | undefined): onRequestAsyncHookHandler {
  if (fault !== 'read-body-before-auth') return authHook
  const deferred = new WeakSet<FastifyRequest>()
  app.addHook('preValidation', async function (request, reply) {
    if (deferred.has(request)) return authHook.call(this, request, reply)
  })
  return async (request) => {
    deferred.add(request)
  }
}
