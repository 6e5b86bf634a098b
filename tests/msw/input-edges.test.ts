import { describe, expect, it } from 'vitest'
import { API, useMswMock } from './msw-harness.ts'

/**
 * Security review F1, F4, F10, F15, F17 and F18 on the MSW mock (the same answers the reference
 * server gives: tests/reference-server/path-edges.test.ts and body-edges.test.ts). F2/F3 are in
 * mock-server-edges.test.ts: undecodable paths arrive at the mock's HTTP server.
 */
const mock = useMswMock()

async function created(user: string) {
  const { call, tokenFor } = mock()
  const token = await tokenFor(user)
  const res = await call('POST', `/api/${user}/tasks`, { token, body: { title: 'edge' } })
  expect(res.status).toBe(201)
  return { token, id: res.body.id as string }
}

describe('MSW mock: odd task ids, subs and tokens', () => {
  it('F1: urn:uuid:, braces and unhyphenated ids are 422 path.task_id; an uppercase id is the same task', async () => {
    const { call } = mock()
    const { token, id } = await created('alice')
    for (const odd of [`urn:uuid:${id}`, `URN:UUID:${id}`, `%7B${id}%7D`, id.replace(/-/g, '')]) {
      for (const [method, suffix, body] of [
        ['GET', ''],
        ['PUT', '', { title: 'x' }],
        ['PATCH', '/complete'],
        ['DELETE', ''],
      ] as const) {
        const res = await call(method, `/api/alice/tasks/${odd}${suffix}`, { token, ...(body && { body }) })
        expect(res.status, `${method} ${odd}`).toBe(422)
        expect(res.body.errors[0].loc).toEqual(['path', 'task_id'])
      }
    }
    const upper = id.toUpperCase()
    expect((await call('GET', `/api/alice/tasks/${upper}`, { token })).body).toMatchObject({ id })
    expect((await call('PATCH', `/api/alice/tasks/${upper}/complete`, { token })).body).toMatchObject({ id, completed: true })
    expect((await call('DELETE', `/api/alice/tasks/${upper}`, { token })).status).toBe(204)
  })

  it('F4: a sub with U+0000 or over 255 characters is 401 AUTH_TOKEN_INVALID, and nothing is stored', async () => {
    const { call, tokenFor, mock: handlers } = mock()
    for (const [sub, path] of [
      ['alice\u0000', 'alice%00'],
      ['u'.repeat(256), 'u'.repeat(256)],
    ] as const) {
      const token = await tokenFor(sub)
      for (const method of ['GET', 'POST'] as const) {
        const res = await call(method, `/api/${path}/tasks`, { token, ...(method === 'POST' && { body: { title: 'x' } }) })
        expect([res.status, res.body.code]).toEqual([401, 'AUTH_TOKEN_INVALID'])
      }
    }
    expect(handlers.store.all()).toEqual([])
  })

  it('F15: TOKEN== and a flipped unused bit in the signature are 401 AUTH_TOKEN_MALFORMED', async () => {
    const { call, tokenFor } = mock()
    const token = await tokenFor('alice')
    const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'
    for (const variant of [`${token}==`, token.slice(0, -1) + alphabet[alphabet.indexOf(token.at(-1)!) ^ 1]]) {
      const res = await call('GET', '/api/alice/tasks', { token: variant })
      expect([res.status, res.body.code]).toEqual([401, 'AUTH_TOKEN_MALFORMED'])
    }
  })
})

describe('MSW mock: request bodies', () => {
  it('F10: at most 20 validation items, then "(and N more)"', async () => {
    const { call, tokenFor } = mock()
    const keys = Array.from({ length: 300 }, (_, i) => `"k${i}":0`).join(',')
    const res = await call('POST', '/api/alice/tasks', { token: await tokenFor('alice'), body: `{"title":"x",${keys}}` })
    expect(res.status).toBe(422)
    expect(res.body.errors).toHaveLength(20)
    expect(res.body.detail).toMatch(/body\.k19: must NOT have additional properties \(and 280 more\)$/)
  })

  it('F17: lone surrogates and bytes that are not UTF-8 are 422 unicode_invalid; nothing is stored', async () => {
    const { call, tokenFor, mock: handlers } = mock()
    const token = await tokenFor('alice')
    for (const body of ['{"title":"a\\ud800b"}', '{"title":"a\\udc00"}', '{"title":"x","\\ud800":1}']) {
      const res = await call('POST', '/api/alice/tasks', { token, body })
      expect([res.status, res.body.errors[0].type], body).toEqual([422, 'unicode_invalid'])
    }
    for (const bytes of [[0xc0, 0xaf], [0xff], [0xed, 0xa0, 0x80]]) {
      const payload = Buffer.concat([Buffer.from('{"title":"a'), Buffer.from(bytes), Buffer.from('"}')])
      const res = await fetch(`${API}/api/alice/tasks`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: payload,
      })
      expect([res.status, (await res.json()).errors[0].type], bytes.join(' ')).toEqual([422, 'unicode_invalid'])
    }
    expect(handlers.store.all()).toEqual([])
    // A real pair is a character like any other.
    expect((await call('POST', '/api/alice/tasks', { token, body: '{"title":"\\ud83d\\ude00"}' })).body.title).toBe('\u{1F600}')
  })

  it('F18: the toggle takes no body, {} or an empty JSON body; {"completed":false} is 422 and changes nothing', async () => {
    const { call } = mock()
    const { token, id } = await created('bob')
    const url = `/api/bob/tasks/${id}/complete`
    const refused = await call('PATCH', url, { token, body: { completed: false } })
    expect(refused.status).toBe(422)
    expect(refused.body.errors).toEqual([expect.objectContaining({ loc: ['body', 'completed'], type: 'additionalProperties' })])
    expect((await call('GET', `/api/bob/tasks/${id}`, { token })).body.completed).toBe(false)
    const toggles = [
      await call('PATCH', url, { token }),
      await call('PATCH', url, { token, body: '', headers: { 'content-type': 'application/json' } }),
      await call('PATCH', url, { token, body: {} }),
    ]
    expect(toggles.map((r) => [r.status, r.body.completed])).toEqual([
      [200, true],
      [200, false],
      [200, true],
    ])
  })
})
