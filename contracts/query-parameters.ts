/**
 * Query parameters the way the reference server and the mock both read them: the contract declares
 * each one with a JSON schema, and a query string only carries text, so integer parameters are
 * converted here with one rule that both share (so both answer the same 200 or 422 for any text).
 * Browser-safe: no Node built-ins.
 */

/** One query parameter of an operation, as the (dereferenced) contract declares it. */
export interface QueryParameter {
  name: string
  schema?: { type?: unknown; default?: unknown }
}

// Plain decimal digits only: "1e2", "1.0", " 5" or "0x10" stay text and fail the schema (422),
// instead of being read the many ways Number() would.
const DECIMAL_INTEGER = /^[+-]?\d+$/

/**
 * The value of one raw query value for `schema`: decimal digits become a number when the schema
 * wants an integer or a number; anything else — text, a repeated parameter (an array) — is kept
 * as is, so the schema refuses it.
 */
export function coerceQueryValue(schema: QueryParameter['schema'], raw: unknown): unknown {
  const types = [schema?.type].flat()
  if (typeof raw === 'string' && DECIMAL_INTEGER.test(raw) && (types.includes('integer') || types.includes('number'))) return Number(raw)
  return raw
}

/**
 * The declared parameters of a query, converted by {@link coerceQueryValue}, with each absent one
 * set to its schema's `default` (when it has one). Undeclared parameters are left out: a list
 * ignores what it does not know (`?sort_by=…`), as FastAPI does.
 * @param query parameter name → value; a repeated parameter is an array (Fastify's and
 *   {@link searchParamsToQuery}'s shape).
 */
export function readQueryParameters(parameters: readonly QueryParameter[], query: Record<string, unknown>): Record<string, unknown> {
  const values: Record<string, unknown> = {}
  for (const { name, schema } of parameters) {
    const raw = query[name]
    if (raw !== undefined) values[name] = coerceQueryValue(schema, raw)
    else if (schema?.default !== undefined) values[name] = schema.default
  }
  return values
}

/** `URLSearchParams` as a record: one value → a string, a repeated name → an array of strings. */
export function searchParamsToQuery(params: URLSearchParams): Record<string, string | string[]> {
  const query: Record<string, string | string[]> = {}
  for (const name of new Set(params.keys())) {
    const all = params.getAll(name)
    query[name] = all.length === 1 ? all[0]! : all
  }
  return query
}
