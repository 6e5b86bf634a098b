import { beforeAll, describe, expect, it } from 'vitest'
import { NO_POSTGRES_REASON, testEnv } from '../support/test-env.ts'
import {
  bearer,
  cleanupAfterAll,
  createDatabase,
  jsonInit,
  report,
  send,
  startIssuer,
  useServers,
  type DatabaseUnderTest,
  type Outcome,
  type ServerProcess,
} from './harness.ts'

interface ApiTask {
  id: string
  user_id: string
  title: string
  description: string | null
  completed: boolean
  updated_at: string
}
interface Row {
  id: string
  user_id: string
  title: string
  description: string | null
  completed: boolean
  updated_at: Date
}

const skipped = !testEnv.databaseUrl
const { serve } = useServers()

describe.skipIf(skipped)(`concurrency and data${skipped ? ` (skipped: ${NO_POSTGRES_REASON}; the table is checked directly through pg)` : ''}`, () => {
  let server: ServerProcess
  let database: DatabaseUnderTest
  const auth: Record<string, string> = {}
  const users = ['conc_alice', 'conc_bob', 'conc_carol'] as const
  const [alice, bob, carol] = users

  const api = (user: string, path = '') => `${server.url}/api/${user}/tasks${path}`
  const rows = async (user?: string): Promise<Row[]> =>
    (
      await database.pool.query<Row>(
        `SELECT id, user_id, title, description, completed, updated_at FROM tasks ${user ? 'WHERE user_id = $1' : ''} ORDER BY id`,
        user ? [user] : [],
      )
    ).rows
  const create = async (user: string, title: string): Promise<ApiTask> => {
    const outcome = await send(api(user), jsonInit('POST', auth[user]!, { title, description: 'seed' }))
    expect(outcome.status).toBe(201)
    return outcome.body as ApiTask
  }

  beforeAll(async () => {
    const issuer = await startIssuer()
    cleanupAfterAll(() => issuer.listener.close())
    database = await createDatabase(testEnv.databaseUrl!)
    cleanupAfterAll(() => database.drop())
    server = await serve({ ...issuer.env, DATABASE_URL: database.serverUrl })
    for (const user of users) auth[user] = await bearer(issuer.issuer, user)
  })

  it('ends 100 concurrent toggles on one task in the state their acknowledgements describe', async () => {
    const task = await create(alice, `${alice}:toggled`)
    const outcomes = await Promise.all(Array.from({ length: 100 }, () => send(api(alice, `/${task.id}/complete`), jsonInit('PATCH', auth[alice]!))))
    const answers = outcomes.map((o) => o.body as ApiTask)
    const [row] = (await database.pool.query<Row>('SELECT completed, updated_at FROM tasks WHERE id = $1', [task.id])).rows
    const trues = answers.filter((a) => a.completed).length
    report('concurrent toggles', {
      toggles: outcomes.length,
      acknowledged: outcomes.filter((o) => o.status === 200).length,
      answered_true: trues,
      final_completed: row!.completed,
    })

    expect(outcomes.map((o) => o.status)).toEqual(Array(100).fill(200))
    // Each toggle saw a distinct state: half answered true, half false, and the last one is stored.
    expect(trues).toBe(50)
    expect(row!.completed).toBe(false)
    expect(new Set(answers.map((a) => a.updated_at)).size).toBe(100)
    const last = answers.reduce((a, b) => (a.updated_at > b.updated_at ? a : b))
    expect(row!.updated_at.toISOString()).toBe(last.updated_at)
  })

  it('loses no acknowledged write among 100 concurrent updates and toggles, and lets no other user change anything', async () => {
    const target = await create(alice, `${alice}:contended`)
    const bystanders = [await create(alice, `${alice}:bystander`), await create(bob, `${bob}:own`)]
    await create(carol, `${carol}:untouched`)
    const before = await rows()

    const writes: Promise<{ kind: 'put' | 'toggle'; title?: string; outcome: Outcome }>[] = []
    for (let i = 0; i < 100; i++) {
      if (i % 2 === 0) {
        const title = `${alice}:update-${i}`
        writes.push(send(api(alice, `/${target.id}`), jsonInit('PUT', auth[alice]!, { title })).then((outcome) => ({ kind: 'put' as const, title, outcome })))
      } else {
        writes.push(send(api(alice, `/${target.id}/complete`), jsonInit('PATCH', auth[alice]!)).then((outcome) => ({ kind: 'toggle' as const, outcome })))
      }
    }
    // At the same time, Bob tries every write on Alice's task: through Alice's path (403: not his
    // path) and through his own (404: not his task), and plants a task under Alice's path (403).
    const attacks: Promise<{ expected: number; outcome: Outcome }>[] = []
    const attack = (expected: number, url: string, init: RequestInit) => attacks.push(send(url, init).then((outcome) => ({ expected, outcome })))
    for (let i = 0; i < 10; i++) {
      for (const [expected, path] of [
        [403, api(alice, `/${target.id}`)],
        [404, api(bob, `/${target.id}`)],
      ] as const) {
        attack(expected, path, jsonInit('PUT', auth[bob]!, { title: `${bob}:stolen` }))
        attack(expected, `${path}/complete`, jsonInit('PATCH', auth[bob]!))
        attack(expected, path, jsonInit('DELETE', auth[bob]!))
      }
      attack(403, api(alice), jsonInit('POST', auth[bob]!, { title: `${bob}:planted` }))
    }
    const [done, refused] = await Promise.all([Promise.all(writes), Promise.all(attacks)])
    const after = await rows()
    const [row] = after.filter((r) => r.id === target.id)
    report('concurrent writes', {
      writes: done.length,
      acknowledged: done.filter((d) => d.outcome.status === 200).length,
      attacks: refused.length,
      attacks_refused: refused.filter((a) => a.outcome.status === a.expected).length,
    })

    expect(done.map((d) => d.outcome.status)).toEqual(Array(100).fill(200))
    // Replay the acknowledged writes in the order the database applied them (updated_at is strictly
    // increasing per row): each answer is the previous state plus exactly its own change.
    const history = done.map((d) => ({ ...d, task: d.outcome.body as ApiTask })).sort((a, b) => a.task.updated_at.localeCompare(b.task.updated_at))
    expect(new Set(history.map((h) => h.task.updated_at)).size).toBe(100)
    let state = { title: target.title, completed: target.completed }
    for (const step of history) {
      state = step.kind === 'put' ? { title: step.title!, completed: state.completed } : { title: state.title, completed: !state.completed }
      expect({ title: step.task.title, completed: step.task.completed }).toEqual(state)
    }
    // The stored row is the last acknowledged write.
    expect({ title: row!.title, completed: row!.completed, updated_at: row!.updated_at.toISOString() }).toEqual({
      ...state,
      updated_at: history.at(-1)!.task.updated_at,
    })
    expect(row!.description).toBe('seed')

    // Bob's attempts: refused (403 on Alice's path, 404 on his own), and nothing else changed.
    expect(refused.map((a) => a.outcome.status)).toEqual(refused.map((a) => a.expected))
    expect(after.filter((r) => r.id !== target.id)).toEqual(before.filter((r) => r.id !== target.id))
    expect(after.filter((r) => r.user_id === bob).map((r) => r.title)).toEqual([`${bob}:own`])
    expect(after.filter((r) => r.title.startsWith(`${bob}:`) && r.user_id !== bob)).toEqual([])
    expect(bystanders.every((b) => after.some((r) => r.id === b.id))).toBe(true)
  })

  it('stores every one of 100 concurrent creates from two users under its own user', async () => {
    const before = await rows(carol)
    const outcomes = await Promise.all(
      Array.from({ length: 100 }, (_, i) => {
        const user = i % 2 === 0 ? alice : bob
        return send(api(user), jsonInit('POST', auth[user]!, { title: `${user}:burst-${i}` }))
      }),
    )
    expect(outcomes.map((o) => o.status)).toEqual(Array(100).fill(201))
    const ids = outcomes.map((o) => (o.body as ApiTask).id)
    const stored = (await database.pool.query<Row>('SELECT id, user_id, title FROM tasks WHERE id = ANY($1::uuid[])', [ids])).rows
    expect(stored).toHaveLength(100)
    for (const r of stored) expect(r.title.startsWith(`${r.user_id}:`)).toBe(true)
    expect(await rows(carol)).toEqual(before)
  })
})
