import { CHECKLIST } from '../../checklist/checklist.ts'
import type { CheckContext } from '../../checklist/check-context.ts'
import type { ChecklistResult } from '../../checklist/run-checklist.ts'
import { describeFailure, type Exchange } from '../../checklist/support/exchange.ts'

/** A live token and secret of the fixture run: no report may contain them. */
export const LIVE_TOKEN = 'eyJhbGciOiJFZERTQSJ9.eyJzdWIiOiJ0Y2tfYSJ9.c2lnbmF0dXJlLW9mLWEtbGl2ZS10b2tlbg'
export const SECRET = 'fixture-shared-secret-0123456789'
/** What a hostile backend answers: markup every report must escape. */
export const HOSTILE = '<script>alert("pwned")</script><img src=x onerror=alert(1)>'

const exchange = (operationId: string, url: string, status: number, text: string): Exchange => ({
  request: { method: 'GET', url, headers: { authorization: `Bearer ${LIVE_TOKEN}` }, operationId },
  response: { status, headers: new Headers({ 'content-type': 'application/json' }), text, json: undefined },
})

const spec002 = describeFailure('status 403', exchange('listTasks', 'http://127.0.0.1:8000/api/tck_b/tasks', 200, `[{"title":"${HOSTILE}"}]`))
const spec002b = describeFailure('status 403', exchange('getTask', 'http://127.0.0.1:8000/api/tck_b/tasks/1', 200, '{"id":1}'))
const auth020 = describeFailure(
  'a WWW-Authenticate: Bearer challenge',
  exchange('createTask', 'http://127.0.0.1:8000/api/tck_a/tasks', 401, `{"detail":"bad token ${SECRET}"}`),
)

/** The context of the fixture run (the secret and a user's token, which reports mask). */
export const FIXTURE_CONTEXT: Pick<CheckContext, 'target' | 'baseUrl' | 'auth' | 'strict' | 'users'> = {
  target: 'http://127.0.0.1:8000',
  baseUrl: 'http://127.0.0.1:8000',
  auth: { mode: 'shared-secret', secret: SECRET, claims: { extra: {} } },
  strict: false,
  users: { a: { id: 'tck_a', token: LIVE_TOKEN }, b: { id: 'tck_b' } },
}

/**
 * A run with one item per outcome: SPEC-002 FAIL (two operations, a hostile body, a live token),
 * AUTH-020 WARN (the secret echoed), CONF-006 INFO, CONF-005 SKIP with a reason, every other item
 * PASS except DOS-002, which the filter did not select.
 */
export function fixtureResult(): ChecklistResult {
  const items: ChecklistResult['items'] = {}
  for (const item of CHECKLIST) items[item.id] = { outcome: 'pass', notes: [], details: [], ran: true }
  const auth = (op: string, method: string, path: string) => ({ label: `${op} (${method} ${path})`, outcome: 'pass' as const })
  items['AUTH-001']!.cases = [auth('listTasks', 'GET', '/api/{user_id}/tasks'), auth('deleteTask', 'DELETE', '/api/{user_id}/tasks/{task_id}')]
  items['SPEC-002'] = { outcome: 'fail', notes: [spec002.split('\n')[0]!, spec002b.split('\n')[0]!], details: [spec002, spec002b], ran: true }
  items['AUTH-020'] = { outcome: 'warn', notes: [auth020.split('\n')[0]!], details: [auth020], ran: true, cases: [{ label: '', outcome: 'warn' }] }
  items['CONF-006'] = { outcome: 'info', notes: ['the backend answers HEAD like GET'], details: ['the backend answers HEAD like GET'], ran: true }
  items['CONF-005'] = { outcome: 'skip', notes: ["needs the run to go through Prism's validation proxy (--proxy)"], details: [], ran: true }
  items['DOS-002'] = { outcome: 'skip', notes: [], details: [], ran: false }
  return { passed: 80, failed: 2, skipped: 1, warned: 1, items }
}

/** Count of items per outcome in {@link fixtureResult}. */
export const FIXTURE_COUNTS = { fail: 1, warn: 1, info: 1, skip: 1, notRun: 1, pass: CHECKLIST.length - 5 }
