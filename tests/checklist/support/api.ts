import { randomUUID } from 'node:crypto'
import { listOperations, type ContractOperation } from '../../../contracts/contract-schemas.ts'
import { loadContract } from '../../../contracts/load-contract.ts'
import type { CheckContext } from '../check-context.ts'
import { expectStatus, send, type Exchange } from './exchange.ts'
import { skipCheck } from './define-check.ts'
import { taskIdOf } from './task-shape.ts'
import { completeCreateBody } from './backend-openapi.ts'
import { authFor } from './tokens.ts'

/** The contract's operations; checks iterate these so a new endpoint is covered automatically. */
export const OPERATIONS: readonly ContractOperation[] = listOperations(loadContract())
export const SECURED_OPERATIONS = OPERATIONS.filter((op) => op.secured)
export const TASK_ID_OPERATIONS = SECURED_OPERATIONS.filter((op) => op.hasTaskId)

/** The target URL of a contract path, with the backend's base path in place of `/api`. */
export function urlOf(ctx: CheckContext, contractPath: string, params: { user_id?: string; task_id?: string } = {}): string {
  const path = contractPath
    .replace(/^\/api(?=\/)/, ctx.basePath)
    .replace('{user_id}', encodeURIComponent(params.user_id ?? ''))
    .replace('{task_id}', encodeURIComponent(params.task_id ?? randomUUID()))
  return `${ctx.baseUrl}${path}`
}

/** A body that the operation accepts, for requests whose point is elsewhere (auth, ownership). */
export function validBodyFor(op: ContractOperation): unknown {
  if (op.method === 'POST') return { title: 'tck probe' }
  if (op.method === 'PUT') return { title: 'tck probe' }
  return undefined
}

/** Calls `op` as test user `who` (or with `headers` instead), on `pathUser`'s path. */
export async function call(ctx: CheckContext, op: ContractOperation, options: {
  who?: 'a' | 'b'
  pathUser?: string
  taskId?: string
  headers?: Record<string, string>
  json?: unknown
  body?: string
}): Promise<Exchange> {
  const headers = options.headers ?? (options.who ? await authFor(ctx, options.who) : {})
  const user = options.pathUser ?? (options.who ? ctx.users[options.who].id : ctx.users.a.id)
  const json = options.json ?? (options.body === undefined ? validBodyFor(op) : undefined)
  return send({
    method: op.method,
    url: urlOf(ctx, op.path, { user_id: user, ...(options.taskId && { task_id: options.taskId }) }),
    headers,
    ...(json !== undefined && { json }),
    ...(options.body !== undefined && { body: options.body }),
  })
}

/** The operation with this operationId. */
export function operation(operationId: string): ContractOperation {
  const op = OPERATIONS.find((o) => o.operationId === operationId)
  if (!op) throw new Error(`The contract has no operation ${operationId}`)
  return op
}

/** Creates a task as `who` and returns its id; skips the check when no id can be found in the answer. */
export async function createTaskAs(ctx: CheckContext, who: 'a' | 'b', body: Record<string, unknown> = { title: 'tck task', description: 'made by tck check' }): Promise<{ id: string; exchange: Exchange }> {
  const exchange = await call(ctx, operation('createTask'), { who, json: await completeCreateBody(ctx, body) })
  expectStatus(exchange, '2xx')
  const id = taskIdOf(exchange.response.json)
  if (!id) skipCheck('cannot find the created task id in the create response (see CONF-003)')
  return { id: id!, exchange }
}
