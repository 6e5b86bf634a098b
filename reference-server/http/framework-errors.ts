import type { Socket } from 'node:net'
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify'
import type { HostRule } from '../../shared/http/allowed-host.ts'
import { refuseForeignHost } from './host-check.ts'
import type { OriginPolicy } from './origin-policy.ts'
import { sendProblem } from './send-problem.ts'

/**
 * What Fastify refuses before any route or hook runs: a path that does not percent-decode
 * (`%zz`, `%C0%AF`, an encoded lone surrogate: FST_ERR_BAD_URL) and a path parameter longer than
 * `maxParamLength` (FST_ERR_MAX_PARAM_LENGTH). Fastify's own answer is a 400/414 body of its own
 * that echoes the path and carries no CORS header; this one is the registry's 404
 * `ROUTE_NOT_FOUND` (no route can take such a path), with CORS headers for an allowed origin.
 * Fastify calls it before any `onRequest` hook, so the Host rule is applied here too: a foreign
 * Host gets 421 HOST_NOT_ALLOWED as on any other path, not a 404 with CORS headers.
 * Used as Fastify's `frameworkErrors` option.
 */
export function frameworkErrorHandler(allowOrigin: OriginPolicy, hostRule: HostRule) {
  return (error: FastifyError, request: FastifyRequest, reply: FastifyReply): void => {
    if (hostRule.active && refuseForeignHost(hostRule, request, reply)) return
    // No onRequest hook ran, so @fastify/cors did not either: its headers are added here.
    const origin = allowOrigin(request.headers.origin)
    reply.header('vary', 'Origin')
    if (origin) reply.header('access-control-allow-origin', origin).header('access-control-allow-credentials', 'true')
    // The path stays out of the log line too: it is what the client got wrong, and may be long.
    request.log.info({ code: error.code }, 'request refused before routing')
    void sendProblem(reply, error.code === 'FST_ERR_ASYNC_CONSTRAINT' ? 'INTERNAL_ERROR' : 'ROUTE_NOT_FOUND')
  }
}

/** Statuses Node's HTTP parser errors get (Node's own choice, kept): everything else is a 400. */
const CLIENT_ERROR_STATUS: Record<string, string> = {
  HPE_HEADER_OVERFLOW: '431 Request Header Fields Too Large',
  ERR_HTTP_REQUEST_TIMEOUT: '408 Request Timeout',
}

/**
 * Fastify's `clientErrorHandler`: a request Node could not parse (headers over the size limit,
 * a malformed request line, a timeout while reading headers) gets Node's own bodiless answer, as
 * Node sends it without Fastify, instead of Fastify's JSON body that is in no registry. There is
 * no route, no Origin one could trust and possibly no complete request, so nothing more is said.
 */
export function clientErrorHandler() {
  return (error: NodeJS.ErrnoException, socket: Socket): void => {
    if (error.code === 'ECONNRESET' || socket.destroyed) return
    const status = CLIENT_ERROR_STATUS[error.code ?? ''] ?? '400 Bad Request'
    // Node's own guard (lib/_http_server.js socketOnError): no answer while a response is already
    // going out on this socket (e.g. a timeout or a bad pipelined request during a slow reply), whose
    // bytes a second status line would corrupt. `headersSent`: also once its head is only queued.
    const inFlight = (socket as Socket & { _httpMessage?: { headersSent?: boolean } | null })._httpMessage
    if (socket.writable && !inFlight?.headersSent) socket.write(`HTTP/1.1 ${status}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`)
    socket.destroy(error)
  }
}
