import type { ContractViolation } from '../../contracts/contract-checks.ts'
import type { ContractValidator } from '../../contracts/contract-validator.ts'
import type { MockReply } from './mock-reply.ts'

/** Where drift warnings go. Default `console.warn`. */
export type WarnFn = (message: string) => void

/**
 * Whether answers are checked against the contract by default: yes, except in production builds,
 * where the Ajv pass per response is wasted work. Reads `process.env` only when it exists (browsers).
 */
export function defaultValidateResponses(): boolean {
  return globalThis.process?.env?.NODE_ENV !== 'production'
}

/**
 * Checks one answer of `operationId` against the contract (status, media type, body schema,
 * required headers) and, when it drifts, warns once with every offending field, e.g.
 * `[tck mock] contract drift in listTasks 200: /data/0 additionalProperties: must NOT have additional properties (owner_email)`.
 * A mock that silently drifts teaches the frontend a contract the backend will not honour.
 * @returns the violations (empty when the answer conforms).
 */
export function checkContractDrift(validator: ContractValidator, operationId: string, reply: MockReply, warn: WarnFn): ContractViolation[] {
  const headers = new Headers(reply.headers)
  const { errors } = validator.validateResponse(operationId, reply.status, reply.body === undefined ? undefined : reply.contentType, reply.body, headers)
  if (errors.length > 0) {
    warn(`[tck mock] contract drift in ${operationId} ${reply.status}: ${errors.map(describe).join('; ')}`)
  }
  return errors
}

function describe(error: ContractViolation): string {
  const params = error.params ?? {}
  const extra = params.additionalProperty ?? params.missingProperty
  return `${error.instancePath || '(root)'} ${error.keyword}: ${error.message}${extra === undefined ? '' : ` (${String(extra)})`}`
}
