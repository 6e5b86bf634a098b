import type { ErrorObject } from 'ajv/dist/2020.js'

/** One reason a value does not conform to the contract. */
export interface ContractViolation {
  /** JSON Pointer into the checked value (`''` for the value itself, `/headers/<name>` for headers). */
  instancePath: string
  /** The JSON Schema keyword that failed, or `status`, `contentType`, `body`, `header`. */
  keyword: string
  message: string
  params?: Record<string, unknown>
}

/** Outcome of one check; `errors` is empty exactly when `valid` is true. */
export interface ContractValidationResult {
  valid: boolean
  errors: ContractViolation[]
}

/** Response headers in any common shape: fetch `Headers` or Node's `IncomingHttpHeaders`. */
export type HeadersLike = Headers | Record<string, string | string[] | number | undefined>

/** Checks a value against one schema object of the dereferenced contract. */
export type SchemaCheck = (schema: object, value: unknown) => ContractValidationResult

/** Formats violations one per line, for assertion messages. */
export function formatViolations(errors: readonly ContractViolation[]): string {
  return errors.map((e) => `${e.instancePath || '(root)'} ${e.keyword}: ${e.message}`).join('\n')
}

/** Checks `body` (sent as `contentType`) against an OpenAPI `content` map; `what` names it in messages. */
export function checkBody(content: unknown, contentType: string | null | undefined, body: unknown, check: SchemaCheck, what: string): ContractViolation[] {
  const media = isObject(content) ? content : {}
  if (Object.keys(media).length === 0) {
    return body === undefined || body === null || body === '' ? [] : [violation('', 'body', `${what} documents no body, but one was sent`)]
  }
  if (!contentType) {
    return [violation('', 'contentType', `${what} has a body, but no content type was given`)]
  }
  const key = matchMediaType(Object.keys(media), contentType)
  if (key === undefined) {
    return [
      violation('', 'contentType', `${what} does not document content type "${contentType}"`, {
        documented: Object.keys(media),
      }),
    ]
  }
  const schema = media[key]?.schema
  if (!isObject(schema)) return []
  if (body === undefined) return [violation('', 'body', `${what} documents a ${key} body, but none was given`)]
  return check(schema, body).errors
}

/** Checks the documented headers of one OpenAPI response object against `headers`. */
export function checkHeaders(response: Record<string, any>, headers: HeadersLike, check: SchemaCheck): ContractViolation[] {
  const errors: ContractViolation[] = []
  for (const [name, header] of Object.entries<Record<string, any>>(response.headers ?? {})) {
    // OpenAPI 3.1 section 4.8.17.1: a Content-Type header definition is ignored.
    if (name.toLowerCase() === 'content-type' || !isObject(header)) continue
    const value = readHeader(headers, name)
    const at = `/headers/${name}`
    if (value === undefined) {
      if (header.required === true) errors.push(violation(at, 'header', `required header ${name} is missing`))
      continue
    }
    if (isObject(header.schema)) {
      for (const e of check(header.schema, value).errors) errors.push({ ...e, instancePath: at + e.instancePath })
    }
  }
  return errors
}

function readHeader(headers: HeadersLike, name: string): string | undefined {
  if (headers instanceof Headers) return headers.get(name) ?? undefined
  const lower = name.toLowerCase()
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() !== lower || value === undefined) continue
    return Array.isArray(value) ? value.join(', ') : String(value)
  }
  return undefined
}

/** Exact media type first, then `type/*`, then `*\/*`; parameters and case are ignored. */
function matchMediaType(documented: string[], contentType: string): string | undefined {
  const essence = mediaEssence(contentType)
  const byEssence = new Map(documented.map((key) => [mediaEssence(key), key]))
  return byEssence.get(essence) ?? byEssence.get(`${essence.split('/')[0]}/*`) ?? byEssence.get('*/*')
}

function mediaEssence(mediaType: string): string {
  return (mediaType.split(';')[0] ?? '').trim().toLowerCase()
}

/** An Ajv error as a {@link ContractViolation}. */
export function fromAjv(error: ErrorObject): ContractViolation {
  return {
    instancePath: error.instancePath,
    keyword: error.keyword,
    message: error.message ?? error.keyword,
    params: error.params as Record<string, unknown>,
  }
}

/** One violation; `params` only when given. */
export function violation(instancePath: string, keyword: string, message: string, params?: Record<string, unknown>): ContractViolation {
  return params === undefined ? { instancePath, keyword, message } : { instancePath, keyword, message, params }
}

/** A failed result of one violation. */
export function fail(instancePath: string, keyword: string, message: string, params?: Record<string, unknown>): ContractValidationResult {
  return { valid: false, errors: [violation(instancePath, keyword, message, params)] }
}

/** The passing result. */
export function ok(): ContractValidationResult {
  return { valid: true, errors: [] }
}

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
