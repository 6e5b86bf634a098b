import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify'
import { createHostRule, hostNameOf, type HostRule } from '../../shared/http/allowed-host.ts'
import type { ServerConfig } from '../config/load-config.ts'
import { sendProblem } from './send-problem.ts'

/** Longest host name logged (a DNS name's maximum): the header is the client's and may be long. */
const LOGGED_NAME_MAX = 253

/** The server's Host rule (security review F12, DNS rebinding) from its `HOST` and `ALLOWED_HOSTS`. */
export function serverHostRule(config: Pick<ServerConfig, 'host' | 'allowedHosts'>): HostRule {
  return createHostRule({ bindHost: config.host, allowedHosts: config.allowedHosts })
}

/**
 * Answers 421 HOST_NOT_ALLOWED (and `Connection: close`) when `rule` refuses the request's `Host`.
 * The log line names the refused host name (so an operator sees what to add) and the way to allow
 * it; nothing else of the request. @returns true when the request was refused (a reply is going out).
 */
export function refuseForeignHost(rule: HostRule, request: FastifyRequest, reply: FastifyReply): boolean {
  if (rule.allows(request.headers.host)) return false
  const host = hostNameOf(request.headers.host ?? '')?.slice(0, LOGGED_NAME_MAX) ?? '(not a host[:port] value)'
  request.log.warn({ event: 'host_not_allowed', host }, "request refused: Host is not one of this server's names (to allow it, add it to ALLOWED_HOSTS)")
  reply.header('connection', 'close')
  void sendProblem(reply, 'HOST_NOT_ALLOWED')
  return true
}

/**
 * The first `onRequest` hook: on a loopback bind (or with `ALLOWED_HOSTS` set) a request whose
 * `Host` is not one of the server's names gets 421 HOST_NOT_ALLOWED before CORS, auth or the
 * body; the connection is not kept. Register before CORS. Requests Fastify refuses before any
 * hook (undecodable paths) get the same rule in `frameworkErrorHandler`.
 */
export function registerHostCheck(app: FastifyInstance, rule: HostRule): void {
  if (!rule.active) return
  app.addHook('onRequest', async (request, reply) => {
    if (refuseForeignHost(rule, request, reply)) return reply
  })
}
