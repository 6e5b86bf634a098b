import type { FastifySchema } from 'fastify'
import type { ContractRoute } from '../http/route-schemas.ts'

/** The contract routes after one fault's loosening (the `routes` part of an `AppOverrides`). */
export type RoutesTransform = (routes: Map<string, ContractRoute>) => Map<string, ContractRoute>

type Schema = { properties?: Record<string, unknown>; [key: string]: unknown }

/**
 * A transform that replaces the schema of every route `change` answers for. Copies are changed,
 * never the contract's objects: the dereferenced contract shares one object per `$ref` target.
 */
function eachSchema(change: (schema: FastifySchema, operationId: string) => FastifySchema | undefined): RoutesTransform {
  return (routes) =>
    new Map(
      [...routes].map(([operationId, route]) => {
        const schema = change(route.schema, operationId)
        return [operationId, schema ? { ...route, schema } : route]
      }),
    )
}

/** A body property added to (or replacing one of) the schema's body properties. */
function withBodyProperties(schema: FastifySchema, properties: Record<string, unknown>): FastifySchema {
  const body = schema.body as Schema
  return { ...schema, body: { ...body, properties: { ...body.properties, ...properties } } }
}

/** body-sets-owner: the create body may carry a `user_id` (faults/request-faults.ts makes it the owner). */
export const ownerInCreateBody = eachSchema((schema, operationId) =>
  operationId === 'createTask' && schema.body ? withBodyProperties(schema, { user_id: { type: 'string', minLength: 1, maxLength: 255 } }) : undefined,
)

/** no-title-validation: any title at all passes validation. */
export const anyTitle = eachSchema((schema) => ((schema.body as Schema | undefined)?.properties?.title ? withBodyProperties(schema, { title: {} }) : undefined))

/** extra-task-field: every object schema of a 2xx answer keeps properties it does not declare (the serializer stops stripping). */
export const openResponses = eachSchema((schema) => (schema.response ? { ...schema, response: openObjects(structuredClone(schema.response)) } : undefined))

/**
 * path-param-500 (`keep` undefined): any string passes as a task id, so `WHERE id = $1` meets text
 * that is no uuid (PostgreSQL error → 500). uuid-prefix-500 (`keep` 'format'): only `format: uuid`,
 * which ajv-formats lets `urn:uuid:<id>` through (the contract's pattern is what refuses it).
 */
export function looseTaskId(keep?: 'format'): RoutesTransform {
  return eachSchema((schema) => {
    const params = schema.params as Schema | undefined
    if (!params?.properties?.task_id) return undefined
    const { format, pattern: _pattern, ...rest } = params.properties.task_id as Schema
    const taskId = keep === 'format' ? { ...rest, format } : rest
    return { ...schema, params: { ...params, properties: { ...params.properties, task_id: taskId } } }
  })
}

/** forged-fields-on-update: the update body may carry the owner and the creation time (applied by faults/request-faults.ts). */
export const forgeableUpdateBody = eachSchema((schema, operationId) =>
  operationId === 'updateTask' && schema.body
    ? withBodyProperties(schema, { user_id: { type: 'string', minLength: 1, maxLength: 255 }, created_at: { type: 'string', format: 'date-time' } })
    : undefined,
)

/** Lets every object schema inside `schema` keep properties it does not declare. */
function openObjects<T>(schema: T): T {
  if (Array.isArray(schema)) schema.forEach(openObjects)
  else if (schema && typeof schema === 'object') {
    const node = schema as Record<string, unknown>
    if (node.additionalProperties === false) node.additionalProperties = true
    Object.values(node).forEach(openObjects)
  }
  return schema
}
