import type { ValidationItem } from '../../contracts/error-registry.ts'
import type { ContractViolation } from '../../contracts/contract-checks.ts'
import type { ContractValidator } from '../../contracts/contract-validator.ts'
import { readQueryParameters, searchParamsToQuery, type QueryParameter } from '../../contracts/query-parameters.ts'

/** Path parameters against the contract's own parameter schemas (a malformed task id is a 422). */
export function validatePathParameters(validator: ContractValidator, operationId: string, params: Record<string, string>): ValidationItem[] {
  const items: ValidationItem[] = []
  for (const parameter of pathParameters(validator, operationId)) {
    const value = params[parameter.name]
    if (value === undefined || !parameter.schema) continue
    for (const e of validator.validateAgainst(parameter.schema, value).errors) {
      items.push({ loc: ['path', parameter.name], msg: e.message, type: e.keyword })
    }
  }
  return items
}

/**
 * The query against the operation's declared query parameters, read the reference server's way
 * (contracts/query-parameters.ts: decimal digits become integers, absent ones take their default).
 * @returns the items of every refused parameter (`loc: ['query', name]`) and the values read.
 */
export function validateQueryParameters(
  validator: ContractValidator,
  operationId: string,
  search: URLSearchParams,
): { items: ValidationItem[]; values: Record<string, unknown> } {
  const declared = parametersIn(validator, operationId, 'query') as QueryParameter[]
  const values = readQueryParameters(declared, searchParamsToQuery(search))
  const items: ValidationItem[] = []
  for (const { name, schema } of declared) {
    if (values[name] === undefined || !schema) continue
    for (const e of validator.validateAgainst(schema, values[name]).errors) items.push({ loc: ['query', name], msg: e.message, type: e.keyword })
  }
  return { items, values }
}

function pathParameters(validator: ContractValidator, operationId: string): { name: string; schema?: object }[] {
  return parametersIn(validator, operationId, 'path')
}

function parametersIn(validator: ContractValidator, operationId: string, where: 'path' | 'query'): { name: string; schema?: object }[] {
  for (const item of Object.values(validator.doc.paths)) {
    const op = Object.values(item).find((o) => o?.operationId === operationId)
    if (op) return [...(item.parameters ?? []), ...(op.parameters ?? [])].filter((p) => p.in === where)
  }
  return []
}

/**
 * The body against the operation's request schema (closed: unknown fields such as `user_id` or
 * `id` are refused), as FastAPI-style items. `undefined` (no body) is reported as missing.
 */
export function validateJsonBody(validator: ContractValidator, operationId: string, body: unknown): ValidationItem[] {
  return validator.validateRequestBody(operationId, 'application/json', body).errors.map(bodyItem)
}

/** A contract violation of the body as a FastAPI-style item, like the reference server's error handler. */
function bodyItem(e: ContractViolation): ValidationItem {
  if (e.keyword === 'body') return { loc: ['body'], msg: 'Request body is required', type: 'missing' }
  const loc: (string | number)[] = [
    'body',
    ...e.instancePath
      .split('/')
      .filter(Boolean)
      .map((p) => (/^\d+$/.test(p) ? Number(p) : p)),
  ]
  const params = e.params ?? {}
  if (typeof params.missingProperty === 'string') loc.push(params.missingProperty)
  if (typeof params.additionalProperty === 'string') loc.push(params.additionalProperty)
  return { loc, msg: e.message, type: e.keyword }
}
