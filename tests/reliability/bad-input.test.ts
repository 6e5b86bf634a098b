import fc from 'fast-check'
import { base64url } from 'jose'
import { beforeAll, describe, expect, it } from 'vitest'
import { HOSTILE_TOKEN_KINDS, MALFORMED_TOKENS } from '../../mocks/issuer/index.ts'
import { testEnv } from '../support/test-env.ts'
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
  type IssuerUnderTest,
  type Outcome,
  type ServerProcess,
} from './harness.ts'

/** Property runs per family: at least 1,000 malformed bodies, 1,000 headers and 1,000 tokens. */
const RUNS = { bodies: 1_000, headers: 1_000, tokens: 1_000 }
const USER = 'bad_alice'
const VICTIM = 'bad_bob'
const ALLOWED_FIELDS = new Set(['title', 'description', 'completed'])

const { serve } = useServers()

describe('bad input at volume', () => {
  let server: ServerProcess
  let issuer: IssuerUnderTest
  let database: DatabaseUnderTest | undefined
  let auth: string
  let taskId: string
  let validToken: string
  const counts: Record<string, number> = { requests: 0, rejected: 0 }
  const statuses = new Map<number, number>()

  const api = (path = '') => `${server.url}/api/${USER}/tasks${path}`

  /**
   * The whole tasks table when PostgreSQL is there (every row, every column); otherwise every
   * task of the two users involved, through the API.
   */
  async function snapshot(): Promise<string> {
    if (database) {
      const { rows } = await database.pool.query<{ digest: string; n: number }>(
        `SELECT md5(coalesce(string_agg(t::text, '|' ORDER BY id), '')) AS digest, count(*)::int AS n FROM tasks t`,
      )
      return `${rows[0]!.n}:${rows[0]!.digest}`
    }
    const lists = await Promise.all(
      [USER, VICTIM].map(async (user) => {
        const o = await send(`${server.url}/api/${user}/tasks`, jsonInit('GET', await bearer(issuer.issuer, user)))
        expect(o.status).toBe(200)
        return JSON.stringify(o.body)
      }),
    )
    return lists.join('\n')
  }

  /** Sends one malformed request: never a 5xx, always refused with a problem body, nothing stored. */
  async function expectRejected(family: string, url: string, init: RequestInit, status?: number) {
    const before = await snapshot()
    const outcome: Outcome = await send(url, init)
    counts.requests! += 1
    counts[family] = (counts[family] ?? 0) + 1
    statuses.set(outcome.status, (statuses.get(outcome.status) ?? 0) + 1)
    const where = `${init.method} ${url} → ${outcome.status} ${JSON.stringify(outcome.body)?.slice(0, 300)}`
    expect(outcome.status, where).toBeGreaterThanOrEqual(400)
    expect(outcome.status, where).toBeLessThan(500)
    if (status !== undefined) expect(outcome.status, where).toBe(status)
    expect(outcome.contentType, where).toMatch(/^application\/problem\+json/)
    expect((outcome.body as { status?: number }).status, where).toBe(outcome.status)
    expect(await snapshot(), `the database changed after ${where}`).toBe(before)
    counts.rejected! += 1
  }

  beforeAll(async () => {
    issuer = await startIssuer()
    cleanupAfterAll(() => issuer.listener.close())
    if (testEnv.databaseUrl) {
      database = await createDatabase(testEnv.databaseUrl)
      cleanupAfterAll(() => database!.drop())
    }
    server = await serve({ ...issuer.env, ...(database && { DATABASE_URL: database.serverUrl }) })
    auth = await bearer(issuer.issuer, USER)
    validToken = auth.slice('Bearer '.length)
    const created = await send(api(), jsonInit('POST', auth, { title: `${USER}:target`, description: 'kept' }))
    expect(created.status).toBe(201)
    taskId = (created.body as { id: string }).id
    const victim = await send(`${server.url}/api/${VICTIM}/tasks`, jsonInit('POST', await bearer(issuer.issuer, VICTIM), { title: `${VICTIM}:own` }))
    expect(victim.status).toBe(201)
  })

  it(`refuses ${RUNS.bodies} malformed bodies with a 4xx problem and changes nothing`, async () => {
    const notJson = fc.string({ minLength: 1, maxLength: 200 }).filter((s) => {
      if (s.trim() === '') return false
      try {
        JSON.parse(s)
        return false
      } catch {
        return true
      }
    })
    const wrongTopLevel = fc
      .oneof(fc.array(fc.jsonValue(), { maxLength: 5 }), fc.string(), fc.integer(), fc.boolean(), fc.constant(null))
      .map((v) => JSON.stringify(v))
    const notAString = fc.oneof(
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constant(null),
      fc.array(fc.string(), { maxLength: 3 }),
      fc.dictionary(fc.string(), fc.string(), { maxKeys: 2 }),
    )
    const badTitle = fc.oneof(
      notAString,
      fc.constant(''),
      fc.string({ minLength: 256, maxLength: 600 }),
      fc.tuple(fc.string({ maxLength: 20 }), fc.string({ maxLength: 20 })).map(([a, b]) => `${a}\u0000${b}`),
    )
    const badDescription = fc.oneof(
      fc.oneof(fc.integer(), fc.boolean(), fc.array(fc.string(), { maxLength: 2 })),
      fc.string({ minLength: 2001, maxLength: 2500 }),
      fc.string({ maxLength: 20 }).map((a) => `${a}\u0000`),
    )
    const unknownKey = fc.string({ minLength: 1, maxLength: 20 }).filter((k) => !ALLOWED_FIELDS.has(k) && k !== '__proto__')
    const bodies = fc.oneof(
      notJson,
      wrongTopLevel,
      badTitle.map((title) => JSON.stringify({ title })),
      badDescription.map((description) => JSON.stringify({ title: 'ok', description })),
      fc.tuple(unknownKey, fc.jsonValue()).map(([key, value]) => JSON.stringify({ title: 'ok', [key]: value })),
      fc.oneof(fc.integer(), fc.string(), fc.constant(null)).map((completed) => JSON.stringify({ completed })),
      fc.jsonValue().map((v) => `{"title":"ok","__proto__":${JSON.stringify(v ?? null)}}`),
      fc.jsonValue().map((v) => `{"title":"ok","constructor":{"prototype":${JSON.stringify(v ?? null)}}}`),
      fc.integer({ min: 100, max: 5000 }).map((depth) => '['.repeat(depth) + ']'.repeat(depth)),
      fc.integer({ min: 65 * 1024, max: 200 * 1024 }).map((size) => JSON.stringify({ title: 'x'.repeat(size) })),
    )
    // `completed` is only part of an update; a create with it is refused too (unknown field).
    const target = fc.constantFrom<[string, string]>(['POST', ''], ['PUT', `/${taskId}`])
    await fc.assert(
      fc.asyncProperty(target, bodies, async ([method, path], body) => {
        await expectRejected('bodies', api(path), { method, headers: { authorization: auth, 'content-type': 'application/json' }, body })
      }),
      { numRuns: RUNS.bodies },
    )
  })

  it(`refuses ${RUNS.headers} malformed Authorization and Content-Type headers with a 4xx problem and changes nothing`, async () => {
    const printable = fc
      .string({ unit: fc.constantFrom(...Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i))), minLength: 1, maxLength: 120 })
      .filter((s) => s.trim() === s && s.length > 0)
    const authorization = fc
      .oneof(
        printable,
        printable.map((s) => `Bearer ${s}`),
        fc.constantFrom(
          'Bearer',
          'bearer ',
          'Basic dXNlcjpwYXNz',
          'Token abc',
          'Bearer  ',
          `Bearer ${validToken} extra`,
          `Basic ${validToken}`,
          `Bearer\t${validToken}`,
        ),
        fc.string({ minLength: 1, maxLength: 40 }).map((s) => `Bearer ${validToken}${encodeURIComponent(s)}`),
      )
      .filter((value) => value !== auth)
    const contentType = fc
      .oneof(
        fc.constantFrom(
          'text/plain',
          'application/x-www-form-urlencoded',
          'multipart/form-data; boundary=x',
          'application/xml',
          'text/json',
          'application/jsonp',
        ),
        fc.tuple(printable, printable).map(([a, b]) => `${a.replace(/[\s;,/]/g, '')}/${b.replace(/[\s;,/]/g, '')}`),
      )
      .filter((value) => !/^\s*application\/json\s*(;|$)/i.test(value) && !/^\s*$/.test(value))
    const valid = JSON.stringify({ title: `${USER}:should-not-be-stored` })
    await fc.assert(
      fc.asyncProperty(fc.boolean(), authorization, contentType, async (badAuth, authValue, typeValue) => {
        const headers = badAuth ? { authorization: authValue, 'content-type': 'application/json' } : { authorization: auth, 'content-type': typeValue }
        await expectRejected('headers', api(), { method: 'POST', headers, body: valid })
      }),
      { numRuns: RUNS.headers },
    )
  })

  it(`refuses ${RUNS.tokens} malformed, tampered and hostile tokens with 401 and changes nothing`, async () => {
    const hostile = await Promise.all(HOSTILE_TOKEN_KINDS.map((k) => issuer.issuer.mintHostile(k.kind, { sub: USER, listenerUrl: issuer.listener.url })))
    const [header, payload, signature] = validToken.split('.') as [string, string, string]
    const b64 = fc.string({ unit: fc.constantFrom(...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'), minLength: 0, maxLength: 120 })
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
    // One character changed anywhere but the last of a segment (whose low bits may be padding).
    const tampered = fc.tuple(fc.nat(), fc.integer({ min: 1, max: alphabet.length - 1 })).map(([at, shift]) => {
      const segments = [header, payload, signature]
      const positions = segments.flatMap((s, si) => Array.from({ length: s.length - 1 }, (_, ci) => [si, ci] as const))
      const [si, ci] = positions[at % positions.length]!
      const s = segments[si]!
      const replaced = alphabet[(alphabet.indexOf(s[ci]!) + shift) % alphabet.length]!
      segments[si] = s.slice(0, ci) + replaced + s.slice(ci + 1)
      return segments.join('.')
    })
    const claims = fc.record({
      sub: fc.oneof(fc.constant(USER), fc.string()),
      exp: fc.oneof(fc.integer(), fc.string()),
      alg: fc.constantFrom('none', 'HS256', 'EdDSA', 'RS256', ''),
    })
    const tokens = fc.oneof(
      fc.tuple(b64, b64, b64).map((parts) => parts.join('.')),
      tampered,
      fc.nat({ max: validToken.length - 2 }).map((n) => validToken.slice(0, n + 1)),
      b64.map((sig) => `${header}.${payload}.${sig}`).filter((t) => t !== validToken),
      claims.map(({ alg, ...c }) => `${base64url.encode(JSON.stringify({ alg, typ: 'JWT' }))}.${base64url.encode(JSON.stringify(c))}.`),
      fc.constantFrom(...hostile, ...MALFORMED_TOKENS.map((m) => m.token)),
      fc.constantFrom(`${validToken}.${signature}`, `${header}..${signature}`, `.${payload}.${signature}`, `${payload}.${header}.${signature}`),
    )
    await fc.assert(
      fc.asyncProperty(tokens, fc.constantFrom('POST', 'PUT', 'PATCH', 'DELETE'), async (token, method) => {
        const path = method === 'POST' ? '' : method === 'PATCH' ? `/${taskId}/complete` : `/${taskId}`
        const body = method === 'POST' || method === 'PUT' ? { title: `${USER}:should-not-be-stored` } : undefined
        await expectRejected('tokens', api(path), jsonInit(method, `Bearer ${token}`, body), 401)
      }),
      { numRuns: RUNS.tokens },
    )
    report('bad input', { ...counts, statuses: JSON.stringify(Object.fromEntries(statuses)) })
    expect(counts.rejected).toBeGreaterThanOrEqual(3_000)
  })
})
