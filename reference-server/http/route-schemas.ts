import type { FastifySchema, HTTPMethods } from 'fastify'
import type { OpenApiDocument } from '../../contracts/load-contract.ts'
import type { QueryParameter } from '../../contracts/query-parameters.ts'

/** One contract operation as Fastify wants it: method, URL with `:params`, and its schemas. */
export interface ContractRoute {
  operationId: string
  method: HTTPMethods
  url: string
  schema: FastifySchema
  /** The operation's query parameters as the contract declares them (empty for most operations). */
  query: QueryParameter[]
}

const METHODS = ['get', 'put', 'post', 'delete', 'patch'] as const

/**
 * Reads every operation of the (dereferenced) contract into Fastify route schemas, so request
 * validation and response serialization come from the contract itself rather than from copies.
 * Only 2xx JSON responses get a serializer schema: their closed schemas strip anything the
 * database returns beyond the contract. Error bodies are built by the error registry.
 */
export function contractRoutes(doc: OpenApiDocument): Map<string, ContractRoute> {
  const routes = new Map<string, ContractRoute>()
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of METHODS) {
      const op = item[method]
      if (!op) continue
      const parameters: any[] = [...(item.parameters ?? []), ...(op.parameters ?? [])]
      const pathParams = parameters.filter((p) => p.in === 'path')
      const schema: FastifySchema = {}
      if (pathParams.length > 0) {
        schema.params = {
          type: 'object',
          required: pathParams.filter((p) => p.required).map((p) => p.name),
          properties: Object.fromEntries(pathParams.map((p) => [p.name, p.schema])),
        }
      }
      const query: QueryParameter[] = parameters.filter((p) => p.in === 'query')
      if (query.length > 0) {
        // Open: parameters the contract does not declare are ignored, not refused (as FastAPI does).
        schema.querystring = { type: 'object', properties: Object.fromEntries(query.map((p) => [p.name, p.schema])) }
      }
      const body = op.requestBody?.content?.['application/json']?.schema
      // Fastify validates an absent body as `null`: an optional body (the toggle's) must allow that.
      if (body) schema.body = op.requestBody.required === true ? body : { ...body, type: [body.type, 'null'] }
      const response: Record<string, unknown> = {}
      for (const [status, res] of Object.entries<any>(op.responses ?? {})) {
        const json = res.content?.['application/json']?.schema
        if (/^2\d\d$/.test(status) && json) response[status] = json
      }
      if (Object.keys(response).length > 0) schema.response = response
      routes.set(op.operationId, {
        operationId: op.operationId,
        method: method.toUpperCase() as HTTPMethods,
        url: path.replace(/\{([^}]+)\}/g, ':$1'),
        query,
        schema,
      })
    }
  }
  return routes
}
