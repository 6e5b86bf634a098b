import type { FastifyReply } from 'fastify'
import { PROBLEM_CONTENT_TYPE, problem, type ErrorCode, type ValidationItem } from '../../contracts/error-registry.ts'

/** Sends an RFC 9457 problem body for a registry code; the one way the server answers an error. */
export function sendProblem(reply: FastifyReply, code: ErrorCode, extra?: { detail?: string; errors?: ValidationItem[] }) {
  const body = problem(code, extra)
  return reply.code(body.status).type(PROBLEM_CONTENT_TYPE).send(JSON.stringify(body))
}
