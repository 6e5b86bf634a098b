import type { FastifySchema, HTTPMethods } from 'fastify'
import type { OpenApiDocument } from '../../contracts/load-contract.ts'
import type { QueryParameter } from '../../contracts/query-parameters.ts'
import type { FaultName } from '../faults/faults.ts'

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
 * `fault` may loosen one schema rule on purpose (see faults/faults.ts).
 */
export function contractRoutes(doc: OpenApiDocument, fault?: FaultName): Map<string, ContractRoute> {
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
        schema: fault ? withFault(op.operationId, schema, fault) : schema,
      })
    }
  }
  return routes
}

/**
 * The schemas of one operation with `fault`'s loosening applied. Copies are changed, never the
 * contract's objects: the dereferenced contract shares one object per `$ref` target.
 */
function withFault(operationId: string, schema: FastifySchema, fault: FaultName): FastifySchema {
  const body = schema.body as { properties?: Record<string, unknown> } | undefined
  if (fault === 'body-sets-owner' && operationId === 'createTask' && body) {
    return { ...schema, body: { ...body, properties: { ...body.properties, user_id: { type: 'string', minLength: 1, maxLength: 255 } } } }
  }
  if (fault === 'no-title-validation' && body?.properties?.title) {
    return { ...schema, body: { ...body, properties: { ...body.properties, title: {} } } }
  }
  if (fault === 'extra-task-field' && schema.response) {
    return { ...schema, response: openObjects(structuredClone(schema.response)) }
  }
  return schema
}

/** Lets every object schema inside `schema` keep properties it does not declare (the serializer stops stripping). */
function openObjects<T>(schema: T): T {
  if (Array.isArray(schema)) schema.forEach(openObjects)
  else if (schema && typeof schema === 'object') {
    const node = schema as Record<string, unknown>
    if (node.additionalProperties === false) node.additionalProperties = true
    Object.values(node).forEach(openObjects)
  }
  return schema
}
