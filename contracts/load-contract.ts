import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'
import $RefParser from '@apidevtools/json-schema-ref-parser'
import type { OpenApiDocument } from './openapi-document.ts'

export type { OpenApiDocument }

/** Absolute path of the OpenAPI 3.1 contract, the single source of truth. */
export const CONTRACT_PATH = fileURLToPath(new URL('./task-api.yaml', import.meta.url))

/** The contract as written, `$ref`s intact (what `/openapi.json` serves). */
export function loadContract(path: string = CONTRACT_PATH): OpenApiDocument {
  return parse(readFileSync(path, 'utf8')) as OpenApiDocument
}

/**
 * The contract with every local `$ref` replaced by its target, so a JSON Schema validator or
 * serializer can take any schema in it on its own. The input is not modified.
 */
export async function loadDereferencedContract(path: string = CONTRACT_PATH): Promise<OpenApiDocument> {
  const doc = structuredClone(loadContract(path))
  return (await $RefParser.dereference(doc as any, { dereference: { circular: false } })) as OpenApiDocument
}
