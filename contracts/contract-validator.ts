import { Ajv2020 } from 'ajv/dist/2020.js'
import type { ValidateFunction } from 'ajv/dist/2020.js'
import formatsModule from 'ajv-formats'
import { checkBody, checkHeaders, fail, fromAjv, ok, type ContractValidationResult, type HeadersLike } from './contract-checks.ts'
import { operationsById } from './contract-operations.ts'
import { dereferenceContract } from './dereference-contract.ts'
import type { components } from './generated/task-api.ts'
import type { OpenApiDocument } from './openapi-document.ts'

// ajv-formats is CommonJS; under NodeNext its default import is `module.exports`, whose `default` is the plugin.
const addFormats = formatsModule.default

/** OpenAPI 3.1 schema keywords that are not JSON Schema 2020-12; Ajv must know them to stay strict. */
const OPENAPI_SCHEMA_KEYWORDS = ['discriminator', 'xml', 'externalDocs', 'example']

/** Name of a schema under `components.schemas` of the contract. */
export type ContractSchemaName = keyof components['schemas']

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

/**
 * Builds validators (Ajv, JSON Schema 2020-12 with formats) for a contract, synchronously and
 * without file access, so it runs in a browser too. `doc` defaults to the Task API contract (the
 * generated module); local `$ref`s are resolved first (on a copy). In Node,
 * `createContractValidator()` (contract-schemas.ts) also reads a contract from disk and follows
 * external refs.
 */
export function compileContractValidator(doc?: OpenApiDocument): ContractValidator {
  const contract = doc === undefined || JSON.stringify(doc).includes('"$ref"') ? dereferenceContract(doc) : doc
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

  const operations = operationsById(contract)
  const operation = (operationId: string): Record<string, any> => {
    const op = operations.get(operationId)
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

function isObject(value: unknown): value is Record<string, any> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
