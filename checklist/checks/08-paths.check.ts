import { randomUUID } from 'node:crypto'
import { describe } from 'vitest'
import { check } from '../support/define-check.ts'
import { createTaskAs, operation, pathOf } from '../support/api.ts'
import { expectExchange, type Exchange } from '../support/exchange.ts'
import { sendRaw } from '../support/send-raw.ts'
import { authFor, mintToken } from '../support/tokens.ts'
import type { CheckContext } from '../check-context.ts'

/**
 * What RFC 9110 gives a path the server cannot take, besides the contract's statuses: 400 Bad
 * Request (§15.5.1) for one that does not decode, 414 URI Too Long (§15.5.15) for an over-long one.
 * A server or framework that answers them itself is right to, as long as it does not echo the path.
 */
const RFC_PATH_REFUSALS = [400, 414]

/** Spellings of one UUID that are not its canonical form: prefixed, uppercase, braced, unhyphenated. */
const oddSpellings = (uuid: string) => [
  `urn:uuid:${uuid}`,
  `URN:UUID:${uuid}`,
  uuid.toUpperCase(),
  `%7B${uuid}%7D`,
  uuid.replace(/-/g, ''),
  `urn:uuid:${uuid.toUpperCase()}`,
]

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Paths no backend should route anywhere useful: each must get a 4xx (documented, or 400/414) that does not echo the path. */
function awkwardPaths(ctx: CheckContext, a: string): { label: string; operationId: 'listTasks' | 'getTask'; path: string; echo: string[] }[] {
  const tasksOf = (user: string) => pathOf(ctx, '/api/{user_id}/tasks').replace('{user_id}', user)
  // Prism (the prism target, or --proxy) exits on an undecodable escape: that is Prism, not the backend.
  const prism = ctx.target === 'prism' || ctx.capabilities.includes('prism-proxy')
  const long = 'v'.repeat(10 * 1024)
  return [
    ...(prism
      ? []
      : [
          { label: '%zz in the user id', operationId: 'listTasks' as const, path: tasksOf('%zz'), echo: ['%zz'] },
          { label: 'an overlong UTF-8 "/" (%C0%AF) in the user id', operationId: 'listTasks' as const, path: tasksOf('%C0%AF'), echo: ['%C0%AF'] },
          {
            label: 'an encoded lone surrogate (%ED%A0%80) in the user id',
            operationId: 'listTasks' as const,
            path: tasksOf('a%ED%A0%80'),
            echo: ['%ED%A0%80'],
          },
          { label: '%zz as the task id', operationId: 'getTask' as const, path: `${tasksOf(a)}/%zz`, echo: ['%zz'] },
        ]),
    { label: 'a 10 KB user id', operationId: 'listTasks', path: tasksOf(long), echo: [] },
    { label: 'a 10 KB task id', operationId: 'getTask', path: `${tasksOf(a)}/${long}`, echo: [] },
  ]
}

describe('Paths: odd task ids, the longest user id, undecodable and over-long paths', () => {
  check(
    'INPUT-012',
    async (ctx) => {
      const { id } = await createTaskAs(ctx, 'a', { title: 'odd task id spellings' })
      const headers = await authFor(ctx, 'a')
      const taskPath = (raw: string) => `${pathOf(ctx, '/api/{user_id}/tasks').replace('{user_id}', encodeURIComponent(ctx.users.a.id))}/${raw}`
      // Spellings of A's own task (when its id is a UUID) and of one no task has; plus the nil UUID.
      const unknown = randomUUID()
      const ids = [
        ...(UUID.test(id) ? oddSpellings(id) : []),
        ...oddSpellings(unknown),
        '00000000-0000-0000-0000-000000000000',
        'urn:uuid:00000000-0000-0000-0000-000000000000',
      ]
      const never5xx = (ex: Exchange) =>
        expectExchange(ex.response.status < 500, 'never a 5xx for an odd spelling of a task id (422 or 404; the same task is fine too)', ex)
      for (const raw of ids) never5xx(await sendRaw(ctx, 'getTask', taskPath(raw), headers))
      // Every operation that takes a task id; on spellings of the unknown id, so A's task stays as it is.
      for (const raw of [...oddSpellings(unknown).slice(0, 2), '00000000-0000-0000-0000-000000000000']) {
        never5xx(await sendRaw(ctx, 'updateTask', taskPath(raw), headers, 'PUT', { title: 'odd id' }))
        never5xx(await sendRaw(ctx, 'toggleTaskCompletion', `${taskPath(raw)}/complete`, headers, 'PATCH', ctx.toggleBody ?? {}))
        never5xx(await sendRaw(ctx, 'deleteTask', taskPath(raw), headers, 'DELETE'))
      }
    },
    'urn:uuid:, uppercase, braces, no hyphens, the nil UUID; GET, PUT, PATCH, DELETE',
  )

  check(
    'SPEC-009',
    async (ctx) => {
      // The contract's longest user id: a sub of 255 characters, on its own path.
      const sub = `${ctx.users.a.id}_255_`.padEnd(255, 'l')
      const path = pathOf(ctx, '/api/{user_id}/tasks').replace('{user_id}', encodeURIComponent(sub))
      const ex = await sendRaw(ctx, 'listTasks', path, { authorization: `Bearer ${await mintToken(ctx, sub)}` })
      const s = ex.response.status
      expectExchange(
        s >= 200 && s < 300,
        `a 2xx list for the owner of a 255-character user id (the contract's UserId allows 255)${s === 414 || s === 400 ? `, not ${s}: a path parameter limit below 255 (Fastify: routerOptions.maxParamLength)` : ''}`,
        ex,
      )
    },
    'listTasks with a 255-character sub',
  )

  check(
    'CONF-006',
    async (ctx) => {
      const headers = { ...(await authFor(ctx, 'a')), origin: ctx.origin }
      for (const { label, operationId, path, echo } of awkwardPaths(ctx, encodeURIComponent(ctx.users.a.id))) {
        const ex = await sendRaw(ctx, operationId, path, headers)
        const { status, text } = ex.response
        // The contract documents 500 and 503 too: for a path the client got wrong, a 5xx is still a finding.
        expectExchange(status >= 400 && status < 500, `${label}: a 4xx refusal, never a 5xx or a 2xx`, ex)
        const rfc = RFC_PATH_REFUSALS.includes(status)
        const documented = [...operation(operationId).responses, '404'].includes(String(status))
        expectExchange(documented || rfc, `${label}: a status the contract documents for ${operationId} (or 404), or 400/414, not ${status}`, ex)
        const json = /json/i.test(ex.response.headers.get('content-type') ?? '') && ex.response.json !== undefined
        expectExchange(json || (rfc && text === ''), `${label}: a JSON error body${rfc ? ' (or none)' : ''}`, ex)
        const echoed = [path, ...echo].find((part) => text.toLowerCase().includes(part.toLowerCase()))
        expectExchange(echoed === undefined, `${label}: a body that does not echo the path (framework-own error bodies do)`, ex)
        if (ctx.capabilities.includes('cors')) {
          expectExchange(
            ex.response.headers.get('access-control-allow-origin') === ctx.origin,
            `${label}: CORS headers for the allowed origin, so the frontend can read the error`,
            ex,
          )
        }
      }
    },
    'undecodable escapes, 10 KB user and task ids',
  )
})
