/**
 * Tolerant readers of task bodies: real backends wrap bodies, use camelCase or integer ids. The
 * security checks only need the id and the list, found "where it plainly is"; exact shape is the
 * conformance checks' business, reported once there.
 */

type Obj = Record<string, unknown>
const isObj = (v: unknown): v is Obj => typeof v === 'object' && v !== null && !Array.isArray(v)

/** The task object in a create/get/update body: the body itself, or under `data`/`task`. */
export function taskOf(body: unknown): Obj | undefined {
  if (!isObj(body)) return undefined
  if ('id' in body || 'title' in body) return body
  for (const key of ['data', 'task', 'item', 'result']) if (isObj(body[key])) return body[key] as Obj
  return undefined
}

/** The task id as a string, wherever it plainly is. */
export function taskIdOf(body: unknown): string | undefined {
  const id = taskOf(body)?.id ?? taskOf(body)?.task_id ?? taskOf(body)?.taskId
  return typeof id === 'string' || typeof id === 'number' ? String(id) : undefined
}

/** The tasks of a list body: `{data: [...]}`, a bare array, or `items`/`tasks`/`results`. */
export function listOf(body: unknown): Obj[] | undefined {
  if (Array.isArray(body)) return body.filter(isObj)
  if (!isObj(body)) return undefined
  for (const key of ['data', 'items', 'tasks', 'results']) if (Array.isArray(body[key])) return (body[key] as unknown[]).filter(isObj)
  return undefined
}

/** The owner field of a task, snake or camel case. */
export function ownerOf(task: Obj | undefined): unknown {
  return task?.user_id ?? task?.userId ?? task?.owner_id ?? task?.ownerId
}

/** The two timestamps of a task, snake or camel case, as the backend wrote them. */
export function timestampsOf(task: Obj | undefined): { created: unknown; updated: unknown } {
  return { created: task?.created_at ?? task?.createdAt, updated: task?.updated_at ?? task?.updatedAt }
}
