import { Ajv2020 } from 'ajv/dist/2020.js'
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js'
import formatsModule from 'ajv-formats'
import $RefParser from '@apidevtools/json-schema-ref-parser'
import { loadDereferencedContract } from './load-contract.ts'
import type { OpenApiDocument } from './load-contract.ts'
import type { components } from './generated/task-api.ts'

// ajv-formats is CommonJS; under NodeNext its default import is `module.exports`, whose `default` is the plugin.
const addFormats = formatsModule.default

/** The HTTP methods an OpenAPI path item can hold, in the order the spec lists them. */
const HTTP_METHODS = ['get', 'put', 'post', 'delete', 'options', 'head', 'patch', 'trace'] as const

/** OpenAPI 3.1 schema keywords that are not JSON Schema 2020-12; Ajv must know them to stay strict. */
const OPENAPI_SCHEMA_KEYWORDS = ['discriminator', 'xml', 'externalDocs', 'example']

/** Name of a schema under `components.schemas` of the contract. */
export type ContractSchemaName = keyof components['schemas']

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

/** Validators over one (dereferenced) contract. Compiled schemas are cached per instance. */
export interface ContractValidator {
  /** The dereferenced document the validator was built from. */
  readonly doc: OpenApiDocument
  /** Checks `value` against `components.schemas[name]`. Throws if the contract has no such schema. */
  validateSchema(name: ContractSchemaName, value: unknown): ContractValidationResult
  /**
   * Checks one answer of `operationId` against the contract: the status must be documented
   * (exact code, then `4XX`-style range, then `default`), the media type of `contentType`
   * (parameters such as `charset` ignored) must be documented for it, and `body` (parsed JSON;
   * `undefined` for none) must match that media type's schema. When `headers` is given, the
   * response's required headers must be present and match their schemas.
   * Throws if the contract has no such operation.
   */
  validateResponse(
    operationId: string,
    status: number | string,
    contentType: string | null | undefined,
    body: unknown,
    headers?: HeadersLike,
  ): ContractValidationResult
  /** Checks `body` against the request body schema of `operationId` for `contentType`. */
  validateRequestBody(operationId: string, contentType: string, body: unknown): ContractValidationResult
  /** Checks `value` against any schema object taken from the dereferenced contract. */
  validateAgainst(schema: object, value: unknown): ContractValidationResult
}

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

/**
 * Builds validators (Ajv, JSON Schema 2020-12 with formats) for the contract. `doc` defaults to
 * the dereferenced `task-api.yaml`; a document that still has local `$ref`s is dereferenced
 * (on a copy) first, so a modified contract can be passed as parsed.
 */
export async function createContractValidator(doc?: OpenApiDocument): Promise<ContractValidator> {
  const contract = doc === undefined ? await loadDereferencedContract() : await dereference(doc)
  const ajv = new Ajv2020({
    allErrors: true,
    // Unknown keywords (a typo, or a 3.0 `nullable`) throw; type/tuple/required strictness would
    // reject the contract's legitimate `anyOf: [{ required: [...] }]` style.
    strictSchema: true,
    strictNumbers: true,
    strictTypes: false,
    strictTuples: false,
    strictRequired: false,
  })
  addFormats(ajv)
  for (const keyword of [...OPENAPI_SCHEMA_KEYWORDS, ...extensionKeys(contract)]) {
    if (!ajv.getKeyword(keyword)) ajv.addKeyword(keyword)
  }

  const compiled = new WeakMap<object, ValidateFunction>()
  const validateAgainst = (schema: object, value: unknown): ContractValidationResult => {
    let validate = compiled.get(schema)
    if (!validate) {
      validate = ajv.compile(schema)
      compiled.set(schema, validate)
    }
    return validate(value) ? ok() : { valid: false, errors: (validate.errors ?? []).map(fromAjv) }
  }

  const operationsById = new Map<string, Record<string, any>>()
  for (const item of Object.values(contract.paths ?? {})) {
    for (const method of HTTP_METHODS) {
      const op = item[method]
      if (isObject(op) && typeof op.operationId === 'string') operationsById.set(op.operationId, op)
    }
  }
  const operation = (operationId: string): Record<string, any> => {
    const op = operationsById.get(operationId)
    if (!op) throw new Error(`The contract has no operation "${operationId}"`)
    return op
  }

  return {
    doc: contract,

    validateSchema(name, value) {
      const schema = contract.components?.schemas?.[name]
      if (!isObject(schema)) throw new Error(`The contract has no schema "${String(name)}"`)
      return validateAgainst(schema, value)
    },

    validateResponse(operationId, status, contentType, body, headers) {
      const responses: Record<string, any> = operation(operationId).responses ?? {}
      const code = String(status)
      const response = responses[code] ?? responses[`${code[0]}XX`] ?? responses[`${code[0]}xx`] ?? responses.default
      if (!isObject(response)) {
        return fail('', 'status', `status ${code} is not documented for ${operationId}`, {
          documented: Object.keys(responses),
        })
      }
      const errors = headers === undefined ? [] : checkHeaders(response, headers, validateAgainst)
      errors.push(...checkBody(response.content, contentType, body, validateAgainst, `${operationId} ${code}`))
      return { valid: errors.length === 0, errors }
    },

    validateRequestBody(operationId, contentType, body) {
      const requestBody = operation(operationId).requestBody
      if (!isObject(requestBody)) return fail('', 'body', `${operationId} documents no request body`)
      const errors = checkBody(requestBody.content, contentType, body, validateAgainst, `${operationId} request`)
      return { valid: errors.length === 0, errors }
    },

    validateAgainst,
  }
}

/** Formats violations one per line, for assertion messages. */
export function formatViolations(errors: readonly ContractViolation[]): string {
  return errors.map((e) => `${e.instancePath || '(root)'} ${e.keyword}: ${e.message}`).join('\n')
}

type Check = (schema: object, value: unknown) => ContractValidationResult

function checkBody(
  content: unknown,
  contentType: string | null | undefined,
  body: unknown,
  check: Check,
  what: string,
): ContractViolation[] {
  const media = isObject(content) ? content : {}
  if (Object.keys(media).length === 0) {
    return body === undefined || body === null || body === ''
      ? []
      : [violation('', 'body', `${what} documents no body, but one was sent`)]
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

function checkHeaders(response: Record<string, any>, headers: HeadersLike, check: Check): ContractViolation[] {
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

async function dereference(doc: OpenApiDocument): Promise<OpenApiDocument> {
  if (!JSON.stringify(doc).includes('"$ref"')) return doc
  return (await $RefParser.dereference(structuredClone(doc) as any, {
    dereference: { circular: false },
  })) as OpenApiDocument
}

/** Every `x-` key in the document, so vendor extensions inside schemas pass strict mode. */
function extensionKeys(doc: unknown): string[] {
  const keys = new Set<string>()
  const seen = new Set<object>()
  const walk = (node: unknown): void => {
    if (!node || typeof node !== 'object' || seen.has(node)) return
    seen.add(node)
    for (const [key, value] of Object.entries(node)) {
      if (key.startsWith('x-')) keys.add(key)
      walk(value)
    }
  }
  walk(doc)
  return [...keys]
}

function fromAjv(error: ErrorObject): ContractViolation {
  return {
    instancePath: error.instancePath,
    keyword: error.keyword,
    message: error.message ?? error.keyword,
    params: error.params as Record<string, unknown>,
  }
}

function violation(
  instancePath: string,
  keyword: string,
  message: string,
  params?: Record<string, unknown>,
): ContractViolation {
  return params === undefined ? { instancePath, keyword, message } : { instancePath, keyword, message, params }
}

function fail(
  instancePath: string,
  keyword: string,
  message: string,
  params?: Record<string, unknown>,
): ContractValidationResult {
  return { valid: false, errors: [violation(instancePath, keyword, message, params)] }
}

function ok(): ContractValidationResult {
  return { valid: true, errors: [] }
}

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
