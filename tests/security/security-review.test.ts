import type { FastifyInstance } from 'fastify'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createIssuer, type Issuer, type IssuerListener } from '../../mocks/issuer/index.ts'
import { startMockServer, type MockServer } from '../../mocks/msw/index.ts'
import { buildApp } from '../../reference-server/app.ts'
import { loadConfig } from '../../reference-server/config/load-config.ts'
import { createPostgresDatabase, type TestDatabase } from '../../shared/db/postgres-database.ts'
import { NO_POSTGRES_REASON, testEnv } from '../support/test-env.ts'
import { COVERED_ELSEWHERE, REVIEW_ALLOWED_ORIGIN, REVIEW_CASES, sendRaw, type ReviewContext } from './review-requests.ts'

/**
 * The security review's requests (../shared/field-reports/security-review.md), answered again by
 * the reference server on PGlite and on PostgreSQL and by `tck mock`, all trusting one issuer:
 * every target must give the review's expected status and registry code, so a regression on any
 * one of them, or a difference between them, fails here.
 */

interface Target {
  name: string
  url: string
  close(): Promise<void>
}

let issuer: Issuer
let listener: IssuerListener
const targets: Target[] = []
const contexts = new Map<string, ReviewContext>()
let database: TestDatabase | undefined

async function referenceTarget(name: string, env: Record<string, string>): Promise<Target> {
  const config = loadConfig({
    JWKS_URL: `${listener.url}/api/auth/jwks`,
    JWT_ISSUER: issuer.issuer,
    JWT_AUDIENCE: issuer.audience,
    CORS_ORIGINS: REVIEW_ALLOWED_ORIGIN,
    LOG_LEVEL: 'silent',
    ...env,
  })
  const app: FastifyInstance = await buildApp(config)
  await app.listen({ port: 0, host: '127.0.0.1' })
  const address = app.server.address()
  return { name, url: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}`, close: () => app.close() }
}

async function mockTarget(): Promise<Target> {
  const mock: MockServer = await startMockServer({
    port: 0,
    jwksUrl: `${listener.url}/api/auth/jwks`,
    jwtIssuer: issuer.issuer,
    jwtAudience: [issuer.audience],
    corsOrigins: [REVIEW_ALLOWED_ORIGIN],
    warn: () => {},
  })
  return { name: 'mock', url: mock.url, close: () => mock.close() }
}

beforeAll(async () => {
  issuer = await createIssuer()
  listener = await issuer.listen({ port: 0 })
  targets.push(await referenceTarget('reference (PGlite)', { PGLITE_DATA_DIR: 'memory://' }))
  if (testEnv.databaseUrl) {
    database = await createPostgresDatabase(testEnv.databaseUrl)
    targets.push(await referenceTarget('reference (PostgreSQL)', { DATABASE_URL: database.url }))
  }
  targets.push(await mockTarget())
  const bearer = async (sub: string) => ({ authorization: `Bearer ${await issuer.mint({ sub })}` })
  for (const target of targets) {
    await sendRaw(target.url, {
      method: 'POST',
      path: '/api/alice/tasks',
      headers: { ...(await bearer('alice')), 'content-type': 'application/json' },
      body: '{"title":"an older task"}',
    })
    const created = await sendRaw(target.url, {
      method: 'POST',
      path: '/api/alice/tasks',
      headers: { ...(await bearer('alice')), 'content-type': 'application/json' },
      body: '{"title":"the review\'s task"}',
    })
    expect(created.status, `${target.name}: create alice's task`).toBe(201)
    contexts.set(target.name, { issuer, aliceTask: created.json.id, bearer })
  }
}, 120_000)

afterAll(async () => {
  for (const target of targets) await target.close()
  await database?.drop()
  await listener?.close()
})

describe('the security review, answered again', () => {
  it.skipIf(!testEnv.databaseUrl)('runs on PostgreSQL too', () => {
    expect(targets.map((t) => t.name)).toContain('reference (PostgreSQL)')
  })
  if (!testEnv.databaseUrl) it.skip(`PostgreSQL: ${NO_POSTGRES_REASON}`, () => {})

  for (const c of REVIEW_CASES) {
    it(`${c.finding}: ${c.name} → ${c.status}${c.code ? ` ${c.code}` : ''} on every target`, async () => {
      const problems: string[] = []
      for (const target of targets) {
        const answer = await sendRaw(target.url, await c.build(contexts.get(target.name)!))
        const wrong = [
          answer.status !== c.status && `status ${answer.status}`,
          c.code && answer.json?.code !== c.code && `code ${answer.json?.code ?? '(none)'}`,
          answer.status >= 400 &&
            c.status !== 421 &&
            answer.text &&
            !String(answer.headers['content-type']).includes('json') &&
            `content type ${answer.headers['content-type']}`,
          c.also?.(answer),
        ].filter(Boolean)
        if (wrong.length > 0) problems.push(`${target.name}: ${wrong.join(', ')} — ${answer.text.slice(0, 160)}`)
      }
      expect(problems).toEqual([])
    })
  }

  it('names where the findings not replayed here are proven', () => {
    const replayed = new Set(REVIEW_CASES.map((c) => c.finding))
    const all = Array.from({ length: 18 }, (_, i) => `F${i + 1}`).filter((f) => f !== 'F14')
    expect(all.filter((f) => !replayed.has(f) && !COVERED_ELSEWHERE[f])).toEqual([])
  })
})
