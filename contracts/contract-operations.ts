import type { OpenApiDocument } from './openapi-document.ts'

/** The HTTP methods an OpenAPI path item can hold, in the order the spec lists them. */
export const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const

/** One operation of the contract, as the suites that cover every endpoint need it. */
export interface ContractOperation {
  operationId: string
  /** Upper-case HTTP method, e.g. `GET`. */
  method: string
  /** Path template as written in the contract, e.g. `/api/{user_id}/tasks/{task_id}`. */
  path: string
  /** True when every security alternative needs a credential (none is `{}`). */
  secured: boolean
  /** True when the path template has a `{task_id}` segment. */
  hasTaskId: boolean
  /** Documented response keys (`'200'`, `'4XX'`, `'default'`, ...), in contract order. */
  responses: string[]
}

/**
 * Lists every operation of `doc` (raw or dereferenced) in document order. Operations without an
 * `operationId` are listed with `''`; the lint config makes that an error, so it should not occur.
 */
export function listOperations(doc: OpenApiDocument): ContractOperation[] {
  const operations: ContractOperation[] = []
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      const op = item[method]
      if (!isObject(op)) continue
      const security = (op.security ?? doc.security ?? []) as Record<string, unknown>[]
      operations.push({
        operationId: typeof op.operationId === 'string' ? op.operationId : '',
        method: method.toUpperCase(),
        path,
        secured: security.length > 0 && security.every((req) => Object.keys(req).length > 0),
        hasTaskId: path.includes('{task_id}'),
        responses: Object.keys(op.responses ?? {}),
      })
    }
  }
  return operations
}

/** The operation objects of `doc` by `operationId` (operations without one are left out). */
export function operationsById(doc: OpenApiDocument): Map<string, Record<string, any>> {
  const byId = new Map<string, Record<string, any>>()
  for (const item of Object.values(doc.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      const op = item[method]
      if (isObject(op) && typeof op.operationId === 'string') byId.set(op.operationId, op)
    }
  }
  return byId
}

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
