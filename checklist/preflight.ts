import { PROBE_HEADER } from '../mocks/issuer/index.ts'
import type { CheckContext } from './check-context.ts'
import { completeCreateBody, toggleBodyFromOpenApi } from './support/backend-openapi.ts'
import { redact, send, type Exchange } from './support/exchange.ts'
import { taskIdOf } from './support/task-shape.ts'
import { validToken } from './support/tokens.ts'

/** How long the first probes wait for an answer (ms). */
const PROBE_TIMEOUT_MS = 10_000

/** A reason the run cannot start; `tck check` prints it as one sentence and exits 2. */
export class PreflightError extends Error {
  override name = 'PreflightError'
}

/** What the preflight learned about the backend, merged into the run's context. */
export type PreflightFindings = Pick<CheckContext, 'idShape' | 'blocked' | 'toggleBody'> & { notes: string[] }

const excerpt = (ex: Exchange) => redact(ex.response.text.replace(/\s+/g, ' ').slice(0, 160)) || 'empty body'

/** What the backend must be configured with to trust this run's tokens, per auth mode. */
export function trustHint(ctx: CheckContext): string {
  const { mode, issuerUrl, betterAuthUrl, claims } = ctx.auth
  if (mode === 'shared-secret') return 'its BETTER_AUTH_SECRET must be the value given with --secret / TCK_SECRET, and it must accept HS256'
  const jwks = mode === 'jwks' ? `${issuerUrl}/api/auth/jwks` : `${betterAuthUrl}/api/auth/jwks`
  return `start it with JWKS_URL=${jwks}${claims.iss ? ` JWT_ISSUER=${claims.iss}` : ''}${claims.aud ? ` JWT_AUDIENCE=${claims.aud}` : ''}`
}

/**
 * Proves the run can observe anything before any check runs: the target answers, the issuer
 * answers, the list route is served at the base path and accepts a valid token, and create works
 * for both users. Then probes each task operation once with a valid request, so a broken one is
 * reported once (SPEC-006) instead of as every item it blocks.
 * @throws PreflightError with one sentence naming the URL, the status and what to change.
 */
export async function preflight(ctx: CheckContext): Promise<PreflightFindings> {
  const tasksUrl = (user: string) => `${ctx.baseUrl}${ctx.basePath}/${encodeURIComponent(user)}/tasks`
  try {
    await fetch(ctx.baseUrl, { redirect: 'manual', signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) }).then((r) => r.body?.cancel())
  } catch (error) {
    const cause = (error as { cause?: { code?: string; message?: string } }).cause
    const why =
      (error as Error).name === 'TimeoutError' ? `no answer within ${PROBE_TIMEOUT_MS / 1000} s` : (cause?.code ?? cause?.message ?? (error as Error).message)
    throw new PreflightError(`cannot reach ${ctx.baseUrl} (${why}): is the backend running on that address?`)
  }
  if (ctx.auth.mode === 'jwks') {
    // Marked as the tool's own probe: the issuer must not count it as a backend's fetch (JWKS-001).
    const ok = await fetch(`${ctx.auth.issuerUrl}/api/auth/jwks`, { headers: { [PROBE_HEADER]: '1' }, signal: AbortSignal.timeout(PROBE_TIMEOUT_MS) }).then(
      (r) => r.ok,
      () => false,
    )
    if (!ok)
      throw new PreflightError(`the simulated issuer at ${ctx.auth.issuerUrl} does not serve /api/auth/jwks: start it with \`tck issuer\` or drop --issuer-url`)
  }
  const auth = async (who: 'a' | 'b') => ({ authorization: `Bearer ${await validToken(ctx, who)}` })
  const list = await send({ method: 'GET', url: tasksUrl(ctx.users.a.id), headers: await auth('a'), operationId: 'listTasks' })
  const at = `${ctx.basePath}/{user_id}/tasks`
  const s = list.response.status
  if (s === 404 || s === 405)
    throw new PreflightError(
      `nothing is served at ${at} (GET ${tasksUrl(ctx.users.a.id)} answered ${s}) — check --base-path (use --base-path / for a backend without the /api prefix)`,
    )
  if (s === 401) throw new PreflightError(`the backend refused a valid token (GET ${at} answered 401): it does not trust this run's tokens — ${trustHint(ctx)}`)
  if (s === 403)
    throw new PreflightError(
      `the backend answered 403 to user ${ctx.users.a.id}'s valid token on that user's own path: it must take the user id from the token's sub (or the user must exist: --users A,B)`,
    )
  if (s < 200 || s >= 300)
    throw new PreflightError(`GET ${at} with a valid token answered ${s} (${excerpt(list)}): the list route must work before anything can be checked`)

  const notes: string[] = []
  const toggleBody = ctx.toggleBody ?? (await toggleBodyFromOpenApi(ctx))
  if (toggleBody !== undefined && ctx.toggleBody === undefined)
    notes.push(`PATCH …/complete requires a body (the backend's OpenAPI): sending ${JSON.stringify(toggleBody)}`)
  const created: string[] = []
  for (const who of ['a', 'b'] as const) {
    const ex = await send({
      method: 'POST',
      url: tasksUrl(ctx.users[who].id),
      headers: await auth(who),
      json: await completeCreateBody(ctx, { title: 'tck preflight', description: 'made by tck check' }),
      operationId: 'createTask',
    })
    if (ex.response.status < 200 || ex.response.status >= 300) {
      throw new PreflightError(
        `creating a task for user ${ctx.users[who].id} answered ${ex.response.status} (${excerpt(ex)}): a backend whose tasks reference its own users table needs ids of existing users — pass them with --users A,B`,
      )
    }
    const id = taskIdOf(ex.response.json)
    if (id) created.push(id)
  }
  const idShape = created[0] === undefined ? undefined : /^\d+$/.test(created[0]) ? 'integer' : /^[0-9a-f-]{36}$/i.test(created[0]) ? 'uuid' : 'other'
  const blocked: Record<string, string> = {}
  const id = created[0]
  if (id) {
    const task = `${tasksUrl(ctx.users.a.id)}/${encodeURIComponent(id)}`
    const probes = [
      { operationId: 'getTask', method: 'GET', url: task },
      { operationId: 'updateTask', method: 'PUT', url: task, json: { title: 'tck preflight' } },
      { operationId: 'toggleTaskCompletion', method: 'PATCH', url: `${task}/complete`, ...(toggleBody !== undefined && { json: toggleBody }) },
      { operationId: 'deleteTask', method: 'DELETE', url: task },
    ]
    for (const probe of probes) {
      const ex = await send({ ...probe, headers: await auth('a') })
      const status = ex.response.status
      if (status >= 500) blocked[probe.operationId] = `${probe.operationId} answers ${status} to a valid request (${excerpt(ex)})`
      if (probe.operationId === 'toggleTaskCompletion' && status === 422 && toggleBody === undefined) {
        notes.push('PATCH …/complete answered 422 without a body: if the backend sets the flag from a body, pass --toggle-body \'{"completed":true}\'')
      }
    }
  }
  return { ...(idShape && { idShape }), blocked, ...(toggleBody !== undefined && { toggleBody }), notes }
}
