import type { FastifySchema, HTTPMethods } from 'fastify'
import type { OpenApiDocument } from '../../contracts/load-contract.ts'

/** One contract operation as Fastify wants it: method, URL with `:params`, and its schemas. */
export interface ContractRoute {
  operationId: string
  method: HTTPMethods
  url: string
  schema: FastifySchema
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
      const body = op.requestBody?.content?.['application/json']?.schema
      if (body) schema.body = body
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
        schema,
      })
    }
  }
  return routes
}
