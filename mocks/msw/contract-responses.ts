import type { OpenApiDocument } from '../../contracts/openapi-document.ts'
import { ERRORS, PROBLEM_CONTENT_TYPE, problem, type ErrorCode } from '../../contracts/error-registry.ts'
import { bearerChallenge, type MockReply } from './mock-reply.ts'

/** Answers built from the contract's own documented responses and named examples. */
export interface ContractResponses {
  /** Documented response keys of the operation (`'200'`, `'401'`, …), in contract order. */
  statuses(operationId: string): string[]
  /**
   * The operation's documented answer for `status` (Prism's `Prefer: code=`): the first example of
   * its first media type, or no body when it documents none (204). `undefined` when not documented.
   */
  forStatus(operationId: string, status: number): MockReply | undefined
  /**
   * The operation's example called `name` (`Prefer: example=`), under whichever status documents
   * it, or only under `status` when given (`Prefer: code=…, example=…`).
   */
  named(operationId: string, name: string, status?: number): MockReply | undefined
  /**
   * An answer for a simulated failure with `status`: the documented one when there is one, else a
   * problem body from the error registry (or a generic one for a status the registry lacks).
   */
  failure(operationId: string, status: number): MockReply
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const

/**
 * Indexes a DEREFERENCED contract (`validator.doc`) by operationId. Reads the document directly
 * rather than `listExamples`, because that lists shared responses once under their component name,
 * while a `Prefer` lookup needs them per operation and status.
 */
export function createContractResponses(doc: OpenApiDocument): ContractResponses {
  const responses = new Map<string, Record<string, any>>()
  for (const item of Object.values(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = item[method]
      if (op && typeof op.operationId === 'string') responses.set(op.operationId, op.responses ?? {})
    }
  }
  const of = (operationId: string): Record<string, any> => responses.get(operationId) ?? {}

  const forStatus = (operationId: string, status: number): MockReply | undefined => {
    const response = of(operationId)[String(status)]
    if (!response) return undefined
    for (const [mediaType, media] of Object.entries<any>(response.content ?? {})) {
      const first = Object.values<any>(media.examples ?? {})[0]?.value ?? media.example
      if (first !== undefined) return reply(status, response, mediaType, first)
    }
    return Object.keys(response.content ?? {}).length === 0 ? reply(status, response) : undefined
  }

  return {
    statuses: (operationId) => Object.keys(of(operationId)),
    forStatus,
    named(operationId, name, wanted) {
      for (const [status, response] of Object.entries<any>(of(operationId))) {
        if (wanted !== undefined && status !== String(wanted)) continue
        for (const [mediaType, media] of Object.entries<any>(response.content ?? {})) {
          const example = media.examples?.[name]
          if (example && 'value' in example && /^\d{3}$/.test(status)) return reply(Number(status), response, mediaType, example.value)
        }
      }
      return undefined
    },
    failure(operationId, status) {
      const documented = forStatus(operationId, status)
      if (documented) return documented
      const code = (Object.keys(ERRORS) as ErrorCode[]).find((c) => ERRORS[c].status === status)
      const body = code ? problem(code) : { type: 'about:blank', title: 'Error', status, detail: 'Simulated failure' }
      return { status, body, contentType: PROBLEM_CONTENT_TYPE }
    },
  }
}

function reply(status: number, response: Record<string, any>, mediaType?: string, body?: unknown): MockReply {
  const result: MockReply = { status }
  if (mediaType !== undefined) {
    result.body = structuredClone(body)
    result.contentType = mediaType.includes('json') ? `${mediaType}; charset=utf-8` : mediaType
  }
  // The contract requires WWW-Authenticate on 401; an example without it would itself drift.
  const code = typeof (body as { code?: unknown })?.code === 'string' ? (body as { code: string }).code : 'AUTH_TOKEN_MISSING'
  if (response.headers?.['WWW-Authenticate']) result.headers = { 'www-authenticate': bearerChallenge(code) }
  return result
}
