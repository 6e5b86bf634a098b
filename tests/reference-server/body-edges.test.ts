import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { STORAGE_ENGINES, useHarnessOn } from '../support/harness-per-engine.ts'
import { openDatabase, type Database } from '../../shared/db/open-database.ts'
import { startReferenceHarness, type ReferenceHarness } from '../support/reference-harness.ts'

/**
 * Security review F10, F17 and F18 on the reference server: a capped 422, text that is no Unicode
 * refused instead of stored as U+FFFD, and a toggle that refuses a body it would ignore. F17 is
 * about what the database stores, so it runs on PGlite and on real PostgreSQL.
 */

/** `{"title":"<prefix>` + raw bytes + `"}`: JSON whose title holds bytes that may not be UTF-8. */
const titleWithBytes = (...bytes: number[]) => Buffer.concat([Buffer.from('{"title":"a'), Buffer.from(bytes), Buffer.from('b"}')])

for (const engine of STORAGE_ENGINES) {
  describe.skipIf(engine.skip !== undefined)(`request bodies on ${engine.name}${engine.skip ? ` (skipped: ${engine.skip})` : ''}`, () => {
    const harness = useHarnessOn(engine)
    let h: ReferenceHarness
    beforeAll(() => {
      h = harness()
    })

    const user = () => `user_${randomUUID()}`
    const post = (sub: string, payload: string | Buffer, method: 'POST' | 'PUT' = 'POST', id = '') =>
      h.as(sub, { method, url: `/api/${sub}/tasks${id && `/${id}`}`, headers: { 'content-type': 'application/json' }, payload })
    const countOf = async (sub: string) => (await h.as(sub, { method: 'GET', url: `/api/${sub}/tasks` })).json().count

    it('F17: lone surrogates (\\ud800 escapes, in a value or a key) are 422 unicode_invalid and nothing is stored', async () => {
      const sub = user()
      for (const body of [
        '{"title":"a\\ud800b"}',
        '{"title":"a\\udc00"}',
        '{"title":"\\ude00\\ud83d"}',
        '{"title":"x","description":"\\udbff"}',
        '{"title":"x","\\ud800":1}',
      ]) {
        const res = await post(sub, body)
        expect(res.statusCode, body).toBe(422)
        expect(res.json().errors).toEqual([expect.objectContaining({ loc: ['body'], type: 'unicode_invalid' })])
      }
      expect(await countOf(sub)).toBe(0)
    })

    it('F17: bytes that are not UTF-8 are 422 unicode_invalid, never stored as U+FFFD', async () => {
      const sub = user()
      for (const bytes of [[0xc0, 0xaf], [0xff], [0xed, 0xa0, 0x80], [0xe2, 0x82], [0x80]]) {
        const res = await post(sub, titleWithBytes(...bytes))
        expect(res.statusCode, bytes.join(' ')).toBe(422)
        expect(res.json().errors[0]).toMatchObject({ loc: ['body'], type: 'unicode_invalid' })
      }
      expect(await countOf(sub)).toBe(0)
    })

    it('F17: a PUT with a lone surrogate leaves the task unchanged; real pairs and other scripts are stored exactly', async () => {
      const sub = user()
      const created = await post(sub, '{"title":"\\ud83d\\ude00 \u00e9\u202e\u200b"}')
      expect(created.statusCode).toBe(201)
      expect(created.json().title).toBe('\u{1F600} \u00e9\u202e\u200b')
      const { id } = created.json()
      expect((await post(sub, '{"title":"a\\ud800"}', 'PUT', id)).statusCode).toBe(422)
      expect((await h.as(sub, { method: 'GET', url: `/api/${sub}/tasks/${id}` })).json().title).toBe('\u{1F600} \u00e9\u202e\u200b')
    })
  })
}

describe("F10, F18 and the parser's other rules (reference server)", () => {
  let h: ReferenceHarness
  let database: Database
  beforeAll(async () => {
    database = await openDatabase({ pgliteDataDir: 'memory://' })
    h = await startReferenceHarness({ database })
  })
  afterAll(async () => {
    await h?.close()
    await database?.close()
  })

  it('F10: at most 20 validation items, in errors and in detail, then "(and N more)"', async () => {
    const keys = Array.from({ length: 6000 }, (_, i) => `"k${i}":0`).join(',')
    const res = await h.as('alice', {
      method: 'POST',
      url: '/api/alice/tasks',
      headers: { 'content-type': 'application/json' },
      payload: `{"title":"x",${keys}}`,
    })
    expect(res.statusCode).toBe(422)
    const { errors, detail } = res.json()
    expect(errors).toHaveLength(20)
    expect(detail.split('; ')).toHaveLength(20)
    expect(detail).toMatch(/body\.k19: must NOT have additional properties \(and 5980 more\)$/)
    expect(res.body.length).toBeLessThan(5_000)
    // Under the cap nothing is added.
    const few = await h.as('alice', { method: 'POST', url: '/api/alice/tasks', payload: { title: '', extra: 1 } })
    expect(few.json().detail).not.toContain('more)')
  })

  it('keeps refusing prototype-poisoning keys as invalid JSON', async () => {
    for (const payload of ['{"title":"a","__proto__":{"x":1}}', '{"title":"a","constructor":{"prototype":{"x":1}}}']) {
      const res = await h.as('alice', { method: 'POST', url: '/api/alice/tasks', headers: { 'content-type': 'application/json' }, payload })
      expect(res.statusCode).toBe(422)
      expect(res.json().errors[0].type).toBe('json_invalid')
    }
  })

  it('F18: the toggle takes no body, {} or an empty JSON body; {"completed":false} is 422 and changes nothing', async () => {
    const { id } = (await h.as('bob', { method: 'POST', url: '/api/bob/tasks', payload: { title: 'toggle me' } })).json()
    const url = `/api/bob/tasks/${id}/complete`
    const refused = await h.as('bob', { method: 'PATCH', url, payload: { completed: false } })
    expect(refused.statusCode).toBe(422)
    expect(refused.json().errors).toEqual([expect.objectContaining({ loc: ['body', 'completed'], type: 'additionalProperties' })])
    expect((await h.as('bob', { method: 'GET', url: `/api/bob/tasks/${id}` })).json().completed).toBe(false)
    const toggles = [
      await h.as('bob', { method: 'PATCH', url }),
      await h.as('bob', { method: 'PATCH', url, headers: { 'content-type': 'application/json' }, payload: '' }),
      await h.as('bob', { method: 'PATCH', url, payload: {} }),
    ]
    expect(toggles.map((r) => [r.statusCode, r.json().completed])).toEqual([
      [200, true],
      [200, false],
      [200, true],
    ])
  })
})
