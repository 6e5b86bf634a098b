import { createServer } from 'node:http'
import type { Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parseViolations, startPrismProxy } from '../../mocks/prism/index.ts'
import type { PrismServer } from '../../mocks/prism/index.ts'

const TASK_ID = '3f1c2a7e-8b4d-4e2a-9c61-0d5e7f3a9b12'
const BEARER = { authorization: 'Bearer any-value' }
const VALID_TASK = {
  id: TASK_ID,
  user_id: 'u1',
  title: 'Buy milk',
  description: null,
  completed: false,
  created_at: '2026-01-14T09:30:00.000Z',
  updated_at: '2026-01-14T09:30:00.000Z',
}

/** A backend that breaks the contract on listTasks and honours it on getTask. */
let backend: Server
let backendHits = 0
let proxy: PrismServer | undefined
let strictProxy: PrismServer | undefined

beforeAll(async () => {
  backend = createServer((req, res) => {
    backendHits++
    res.setHeader('content-type', 'application/json')
    if (req.url === '/api/u1/tasks') res.end(JSON.stringify({ data: [{ id: 1 }], count: 'x' }))
    else if (req.url === `/api/u1/tasks/${TASK_ID}`) res.end(JSON.stringify(VALID_TASK))
    else res.writeHead(500).end('{}')
  })
  await new Promise<void>((resolve) => backend.listen(0, '127.0.0.1', resolve))
  const target = `http://127.0.0.1:${(backend.address() as AddressInfo).port}`
  // Start both at once (each takes a few seconds); keep whichever started so afterAll closes it.
  const [lenient, strict] = await Promise.allSettled([startPrismProxy({ target, port: 0 }), startPrismProxy({ target, port: 0, errors: true })])
  if (lenient.status === 'fulfilled') proxy = lenient.value
  if (strict.status === 'fulfilled') strictProxy = strict.value
  for (const r of [lenient, strict]) if (r.status === 'rejected') throw r.reason
}, 60_000)

afterAll(async () => {
  await Promise.all([proxy?.close(), strictProxy?.close()])
  await new Promise((resolve) => backend?.close(resolve))
})

describe('Prism validation proxy', () => {
  it('passes a violating response through and lists its violations in sl-violations', async () => {
    const res = await fetch(`${proxy!.url}/api/u1/tasks`, { headers: BEARER })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ data: [{ id: 1 }], count: 'x' })
    const violations = parseViolations(res)
    expect(violations.length).toBeGreaterThan(0)
    expect(violations).toContainEqual({
      location: ['response', 'body', 'count'],
      severity: 'Error',
      code: 'type',
      message: expect.stringContaining('count must be integer'),
    })
    expect(violations).toContainEqual(expect.objectContaining({ location: ['response', 'body', 'data', '0', 'id'], code: 'type' }))
    expect(proxy!.output()).toContain('Violation: response.body.count')
  })

  it('adds no sl-violations header to a conforming exchange', async () => {
    const res = await fetch(`${proxy!.url}/api/u1/tasks/${TASK_ID}`, { headers: BEARER })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual(VALID_TASK)
    expect(res.headers.has('sl-violations')).toBe(false)
    expect(parseViolations(res)).toEqual([])
  })

  it('with errors: true, turns the violating response into a 500 problem+json listing the violations', async () => {
    const res = await fetch(`${strictProxy!.url}/api/u1/tasks`, { headers: BEARER })
    expect(res.status).toBe(500)
    expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/)
    const body = await res.json()
    expect(body.type).toMatch(/#VIOLATIONS$/)
    expect(body.validation).toEqual(parseViolations(res))
    expect(parseViolations(res)).toContainEqual(expect.objectContaining({ location: ['response', 'body', 'count'] }))
  })

  it('with errors: true, still passes a conforming response unchanged', async () => {
    const res = await fetch(`${strictProxy!.url}/api/u1/tasks/${TASK_ID}`, { headers: BEARER })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual(VALID_TASK)
  })

  it('with errors: true, refuses a request without credentials itself (401) instead of forwarding it', async () => {
    const before = backendHits
    const res = await fetch(`${strictProxy!.url}/api/u1/tasks/${TASK_ID}`)
    expect(res.status).toBe(401)
    expect(res.headers.get('www-authenticate')).toMatch(/^Bearer/)
    expect(backendHits).toBe(before)
  })

  it('without errors, forwards a request without credentials and reports the security violation', async () => {
    const before = backendHits
    const res = await fetch(`${proxy!.url}/api/u1/tasks/${TASK_ID}`)
    expect(res.status).toBe(200)
    expect(backendHits).toBe(before + 1)
    expect(parseViolations(res)).toEqual([expect.objectContaining({ location: ['request'], code: 401 })])
  })
})
