import { randomUUID } from 'node:crypto'
import { listOperations, type ContractOperation } from '../../contracts/contract-schemas.ts'
import { inject } from 'vitest'
import { loadContract, type OpenApiDocument } from '../../contracts/load-contract.ts'
import type { CheckContext } from '../check-context.ts'
import { expectStatus, send, whatHappened, type Exchange } from './exchange.ts'
import { skipCheck } from './define-check.ts'
import { taskIdOf } from './task-shape.ts'
import { completeCreateBody } from './backend-openapi.ts'
import { authFor } from './tokens.ts'

/** The run's `contractPath` (a Prism target serving another document), else undefined: the package's contract. */
function runContractPath(): string | undefined {
  try {
    return inject('tck')?.contractPath
  } catch {
    return undefined
  }
}

/** The contract the checks iterate, as written (`$ref`s intact). */
export const CONTRACT: OpenApiDocument = loadContract(runContractPath())
/** The contract's operations; checks iterate these so a new endpoint is covered automatically. */
export const OPERATIONS: readonly ContractOperation[] = listOperations(CONTRACT)
export const SECURED_OPERATIONS = OPERATIONS.filter((op) => op.secured)
export const TASK_ID_OPERATIONS = SECURED_OPERATIONS.filter((op) => op.hasTaskId)

/** An id of the backend's id shape (integer or UUID, learned by the preflight) that no task has. */
export function unusedTaskId(ctx: Pick<CheckContext, 'idShape'>, like?: string): string {
  const integer = like ? /^\d+$/.test(like) : ctx.idShape === 'integer'
  return integer ? String(2_000_000_000 + Math.floor(Math.random() * 100_000_000)) : randomUUID()
}

/** A contract path with the backend's base path in place of `/api` (`''` for a backend without prefix). */
export function pathOf(ctx: Pick<CheckContext, 'basePath'>, contractPath: string): string {
  return contractPath.replace(/^\/api(?=\/)/, ctx.basePath)
}

/** The target URL of a contract path, with the backend's base path in place of `/api`. */
export function urlOf(ctx: CheckContext, contractPath: string, params: { user_id?: string; task_id?: string } = {}): string {
  const path = pathOf(ctx, contractPath)
    .replace('{user_id}', encodeURIComponent(params.user_id ?? ''))
    .replace('{task_id}', encodeURIComponent(params.task_id ?? unusedTaskId(ctx)))
  return `${ctx.baseUrl}${path}`
}

/** A body that the operation accepts, for requests whose point is elsewhere (auth, ownership). */
export function validBodyFor(ctx: Pick<CheckContext, 'toggleBody'>, op: ContractOperation): unknown {
  if (op.method === 'POST' || op.method === 'PUT') return { title: 'tck probe' }
  if (op.method === 'PATCH') return ctx.toggleBody
  return undefined
}

/**
 * Why this answer says nothing about the route's behaviour, or undefined when it does: a 404/405
 * on the list or create route of a test user (the route is not there), or a 422 for the type of a
 * path parameter the check did not choose (an integer-id backend given a UUID).
 */
function unreached(ctx: CheckContext, op: ContractOperation, ex: Exchange, choseTaskId: boolean): string | undefined {
  const s = ex.response.status
  if (!op.hasTaskId && (s === 404 || s === 405)) return `${whatHappened(ex)}: nothing is served at ${pathOf(ctx, op.path)} (check --base-path)`
  if (s === 422 && !choseTaskId && /"path"\s*,\s*"(task_id|user_id)"/.test(ex.response.text))
    return `${whatHappened(ex)}: the backend refused the type of a path id, so the request never reached the operation`
  return undefined
}

/** Calls `op` as test user `who` (or with `headers` instead), on `pathUser`'s path. */
export async function call(
  ctx: CheckContext,
  op: ContractOperation,
  options: {
    who?: 'a' | 'b'
    pathUser?: string
    taskId?: string
    headers?: Record<string, string>
    json?: unknown
    body?: string
  },
): Promise<Exchange> {
  const headers = options.headers ?? (options.who ? await authFor(ctx, options.who) : {})
  const user = options.pathUser ?? (options.who ? ctx.users[options.who].id : ctx.users.a.id)
  const json = options.json ?? (options.body === undefined ? validBodyFor(ctx, op) : undefined)
  const ex = await send({
    method: op.method,
    url: urlOf(ctx, op.path, { user_id: user, ...(options.taskId && { task_id: options.taskId }) }),
    headers,
    operationId: op.operationId,
    ...(json !== undefined && { json }),
    ...(options.body !== undefined && { body: options.body }),
  })
  // A PASS must mean "observed": an answer from outside the route proves nothing either way.
  const testUser = user === ctx.users.a.id || user === ctx.users.b.id
  const why = testUser ? unreached(ctx, op, ex, options.taskId !== undefined) : undefined
  if (why) skipCheck(why)
  return ex
}

/** The operation with this operationId. */
export function operation(operationId: string): ContractOperation {
  const op = OPERATIONS.find((o) => o.operationId === operationId)
  if (!op) throw new Error(`The contract has no operation ${operationId}`)
  return op
}

/** Creates a task as `who` and returns its id; skips the check when no id can be found in the answer. */
export async function createTaskAs(
  ctx: CheckContext,
  who: 'a' | 'b',
  body: Record<string, unknown> = { title: 'tck task', description: 'made by tck check' },
): Promise<{ id: string; exchange: Exchange }> {
  const exchange = await call(ctx, operation('createTask'), { who, json: await completeCreateBody(ctx, body) })
  expectStatus(exchange, '2xx')
  const id = taskIdOf(exchange.response.json)
  if (!id) skipCheck('cannot find the created task id in the create response (see CONF-003)')
  return { id: id!, exchange }
}
