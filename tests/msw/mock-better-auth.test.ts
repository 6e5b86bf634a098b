/**
 * `tasks-tck/msw/browser` with `betterAuth`: what `startMockWorker({ betterAuth })` runs in a page
 * (`createBrowserMockHandlers` builds its handlers), served here by msw/node and driven by the REAL
 * Better Auth client (`better-auth/client` + `jwtClient()`) pointed at the page's origin, as a
 * frontend with no backend at all would use it. The tokens then open the mock Task API.
 * (The web app's mock mode runs the same entry in a real browser: tests/web-app/web-app-browser.test.ts.)
 */
import { createAuthClient } from 'better-auth/client'
import { jwtClient } from 'better-auth/client/plugins'
import { decodeJwt } from 'jose'
import { http, HttpResponse } from 'msw'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createBrowserMockHandlers, MOCK_STATE_KEY, type BrowserMockHandlersOptions, type MockStateStorage } from '../../mocks/msw/browser.ts'
import { createApiClient } from '../../web/api-client/index.ts'

/** The page's origin; msw/node intercepts it, nothing listens. */
const ORIGIN = 'http://app.test'
const ANN = { name: 'Ann', email: 'ann@example.test', password: 'correct horse' }
const ALICE = { id: 'user_alice', name: 'Alice', email: 'alice@example.test', password: 'alice-password' }

const server = setupServer()
beforeAll(() => server.listen({ onUnhandledRequest: 'error' }))
afterEach(() => server.resetHandlers())
afterAll(() => server.close())

function memoryStorage(): MockStateStorage {
  const items = new Map<string, string>()
  return { getItem: (key) => items.get(key) ?? null, setItem: (key, value) => void items.set(key, value) }
}

/** The entry's handlers with `options`, installed as the only ones, and a client at the origin. */
async function start(options: BrowserMockHandlersOptions) {
  const mock = await createBrowserMockHandlers({ warn: () => {}, ...options })
  server.resetHandlers(...mock.handlers)
  const authClient = createAuthClient({ baseURL: ORIGIN, plugins: [jwtClient()] })
  const api = createApiClient({ baseUrl: ORIGIN, getToken: async () => (await authClient.token()).data?.token ?? null })
  return { mock, authClient, api }
}

describe('startMockWorker / createBrowserMockHandlers with betterAuth', () => {
  it('signs up, gets the session and a JWT (iss/aud = the origin), which the mock Task API accepts; signs out', async () => {
    const { mock, authClient, api } = await start({ betterAuth: { origin: ORIGIN } })
    expect(mock.auth).toBeDefined()
    const signUp = await authClient.signUp.email(ANN)
    expect(signUp.error).toBeNull()
    const userId = signUp.data!.user.id
    expect((await authClient.getSession()).data?.user).toMatchObject({ id: userId, email: ANN.email })
    const token = (await authClient.token()).data!.token
    expect(decodeJwt(token)).toMatchObject({ sub: userId, iss: ORIGIN, aud: ORIGIN })
    const task = await api.createTask(userId, { title: 'Buy milk' })
    expect((await api.listTasks(userId)).data).toEqual([task])
    await authClient.signOut()
    expect((await authClient.getSession()).data).toBeNull()
    expect((await authClient.token()).error).toMatchObject({ status: 401 })
    const signIn = await authClient.signIn.email({ email: ANN.email, password: ANN.password })
    expect(signIn.data?.user.id).toBe(userId)
  })

  it('without betterAuth, nothing answers /api/auth/sign-in/email and there are no auth controls', async () => {
    const mock = await createBrowserMockHandlers({ baseUrl: ORIGIN, warn: () => {} })
    expect(mock.auth).toBeUndefined()
    expect(mock.handlers.map((handler) => String(handler.info.path)).filter((path) => path.includes('/api/auth/sign-'))).toEqual([])
    const withAuth = await createBrowserMockHandlers({ betterAuth: { origin: ORIGIN }, warn: () => {} })
    expect(withAuth.handlers.map((handler) => String(handler.info.path))).toContain(`${ORIGIN}/api/auth/sign-in/email`)
  })

  it('ready-made accounts own the seeded tasks; tokenTtlSeconds and the auth controls apply', async () => {
    const { mock, authClient, api } = await start({
      betterAuth: { origin: ORIGIN, tokenTtlSeconds: 60, accounts: [ALICE] },
      seed: { users: [ALICE.id], perUser: 2 },
    })
    expect((await authClient.signIn.email({ email: 'Alice@Example.test', password: ALICE.password })).data?.user.id).toBe(ALICE.id)
    expect((await api.listTasks(ALICE.id)).data).toHaveLength(2)
    const first = decodeJwt((await authClient.token()).data!.token)
    expect(first.exp! - first.iat!).toBe(60)
    mock.auth!.setTokenTtlSeconds(5)
    const short = decodeJwt((await authClient.token()).data!.token)
    expect(short.exp! - short.iat!).toBe(5)
    mock.auth!.revokeSessions()
    expect((await authClient.token()).error).toMatchObject({ status: 401 })
    expect(mock.auth!.tokenRequests()).toBe(4)
  })

  it("never serves the issuer's dev route (tokens without a session): only mock Better Auth's /token, a 401 without one", async () => {
    const { mock } = await start({ betterAuth: { origin: ORIGIN, accounts: [ALICE] } })
    const tokenRoutes = mock.handlers.map((handler) => String(handler.info.path)).filter((path) => path.endsWith('/api/auth/token'))
    expect(tokenRoutes).toEqual([`${ORIGIN}/api/auth/token`])
    const response = await fetch(`${ORIGIN}/api/auth/token?sub=${ALICE.id}`)
    expect(response.status).toBe(401)
  })

  it('with storage: a reload finds the session and the tasks, and neither the seed nor the accounts are added twice', async () => {
    const storage = memoryStorage()
    const options: BrowserMockHandlersOptions = {
      betterAuth: { origin: ORIGIN, storage, accounts: [ALICE] },
      seed: { users: [ALICE.id], perUser: 2 },
    }
    const first = await start(options)
    await first.authClient.signIn.email({ email: ALICE.email, password: ALICE.password })
    const added = await first.api.createTask(ALICE.id, { title: 'Mine' })
    // Seeded ids are deterministic: seeding again on reload would bring this one back.
    const seeded = (await first.api.listTasks(ALICE.id)).data.find((task) => task.id !== added.id)
    await first.api.deleteTask(ALICE.id, seeded!.id)
    expect(storage.getItem(MOCK_STATE_KEY)).toContain(added.id)

    const second = await start(options)
    expect((await second.authClient.getSession()).data?.user.id).toBe(ALICE.id)
    const tasks = (await second.api.listTasks(ALICE.id)).data
    expect(tasks).toHaveLength(2)
    expect(tasks.map((t) => t.id)).toContain(added.id)
    expect(tasks.map((t) => t.id)).not.toContain(seeded!.id)
    const stored = JSON.parse(storage.getItem(MOCK_STATE_KEY)!) as { users: unknown[] }
    expect(stored.users).toHaveLength(1)
  })

  it('runs the caller’s before handlers after mock Better Auth, and refuses options it cannot honour', async () => {
    const { authClient } = await start({
      betterAuth: { origin: ORIGIN },
      before: [http.get(`${ORIGIN}/api/auth/ok`, () => HttpResponse.json({ ok: true }))],
    })
    expect((await authClient.signUp.email(ANN)).error).toBeNull()
    expect(await (await fetch(`${ORIGIN}/api/auth/ok`)).json()).toEqual({ ok: true })
    await expect(createBrowserMockHandlers({ betterAuth: true, jwksUrl: `${ORIGIN}/jwks` })).rejects.toThrow(/jwksUrl/)
  })

  it('betterAuth: true answers at the default origin when there is no page', async () => {
    const mock = await createBrowserMockHandlers({ betterAuth: true, warn: () => {} })
    server.resetHandlers(...mock.handlers)
    const client = createAuthClient({ baseURL: 'http://127.0.0.1:3000', plugins: [jwtClient()] })
    expect((await client.signUp.email(ANN)).error).toBeNull()
    expect(decodeJwt((await client.token()).data!.token).iss).toBe('http://127.0.0.1:3000')
  })
})
