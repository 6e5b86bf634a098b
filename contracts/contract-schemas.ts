/**
 * The contract validator for Node: `createContractValidator()` reads task-api.yaml from disk (or
 * takes a parsed document) and follows any `$ref` with json-schema-ref-parser, then compiles it with
 * the browser-safe core (contract-validator.ts). Everything the core and its helpers export is
 * re-exported here, so Node code has one import.
 */
import $RefParser from '@apidevtools/json-schema-ref-parser'
import { compileContractValidator, type ContractValidator } from './contract-validator.ts'
import { loadDereferencedContract } from './load-contract.ts'
import type { OpenApiDocument } from './openapi-document.ts'

export { compileContractValidator } from './contract-validator.ts'
export type { ContractSchemaName, ContractValidator } from './contract-validator.ts'
export { formatViolations } from './contract-checks.ts'
export type { ContractValidationResult, ContractViolation, HeadersLike } from './contract-checks.ts'
export { listOperations } from './contract-operations.ts'
export type { ContractOperation } from './contract-operations.ts'

/**
 * Builds validators (Ajv, JSON Schema 2020-12 with formats) for the contract. `doc` defaults to
 * the dereferenced `task-api.yaml`; a document that still has local `$ref`s is dereferenced
 * (on a copy) first, so a modified contract can be passed as parsed.
 */
export async function createContractValidator(doc?: OpenApiDocument): Promise<ContractValidator> {
  return compileContractValidator(doc === undefined ? await loadDereferencedContract() : await dereference(doc))
}

async function dereference(doc: OpenApiDocument): Promise<OpenApiDocument> {
  if (!JSON.stringify(doc).includes('"$ref"')) return doc
  return (await $RefParser.dereference(structuredClone(doc) as any, {
    dereference: { circular: false },
  })) as OpenApiDocument
}
