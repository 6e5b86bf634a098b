import type { ContractRoute } from '../http/route-schemas.ts'
import type { FaultName } from './faults.ts'

type Schema = { properties?: Record<string, unknown>; [key: string]: unknown }

/**
 * The contract routes with `fault`'s loosening of a request schema. Copies are changed, never the
 * contract's objects: the dereferenced contract shares one object per `$ref` target.
 */
export function routesWithFault(routes: Map<string, ContractRoute>, fault: FaultName | undefined): Map<string, ContractRoute> {
  if (fault !== 'path-param-500' && fault !== 'uuid-prefix-500' && fault !== 'forged-fields-on-update') return routes
  const changed = new Map<string, ContractRoute>()
  for (const [operationId, route] of routes) {
    const params = route.schema.params as Schema | undefined
    const body = route.schema.body as Schema | undefined
    if ((fault === 'path-param-500' || fault === 'uuid-prefix-500') && params?.properties?.task_id) {
      // path-param-500: any string passes as a task id, so `WHERE id = $1` meets text that is no uuid
      // (PostgreSQL error → 500). uuid-prefix-500: only `format: uuid`, which ajv-formats lets
      // `urn:uuid:<id>` through (the contract's pattern is what refuses it).
      const { format, pattern: _pattern, ...rest } = params.properties.task_id as Schema
      const taskId = fault === 'uuid-prefix-500' ? { ...rest, format } : rest
      changed.set(operationId, { ...route, schema: { ...route.schema, params: { ...params, properties: { ...params.properties, task_id: taskId } } } })
    } else if (fault === 'forged-fields-on-update' && operationId === 'updateTask' && body) {
      // The update body may carry the owner and the creation time (applied by faults/request-faults.ts).
      const forged = { user_id: { type: 'string', minLength: 1, maxLength: 255 }, created_at: { type: 'string', format: 'date-time' } }
      changed.set(operationId, { ...route, schema: { ...route.schema, body: { ...body, properties: { ...body.properties, ...forged } } } })
    } else changed.set(operationId, route)
  }
  return changed
}
