/**
 * Mock Better Auth (web/app/mock) in Node: the same handlers the browser worker runs, served by
 * msw/node and driven by the REAL Better Auth client (`better-auth/client` + `jwtClient()`), so the
 * response shapes are the ones the app's client accepts.
 */
import { createAuthClient } from 'better-auth/client'
import { jwtClient } from 'better-auth/client/plugins'
import { decodeJwt } from 'jose'
import { setupServer } from 'msw/node'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { compileContractValidator, createInMemoryIssuer, createMockHandlers, type ContractValidator, type Issuer } from '../../mocks/msw/browser.ts'
import { createApiClient } from '../../web/api-client/index.ts'
import { createMockBackend } from '../../mocks/msw/better-auth/create-mock-backend.ts'
import { MOCK_STATE_KEY, type MockStateStorage } from '../../mocks/msw/better-auth/mock-state.ts'

/** The page's origin; msw/node intercepts it, nothing listens. */
const ORIGIN = 'http://app.test'

/** A Storage stand-in that records what was written. */
function memoryStorage(): MockStateStorage & { items: Map<string, string> } {
  const items = new Map<string, string>()
  return { items, getItem: (key) => items.get(key) ?? null, setItem: (key, value) => void items.set(key, value) }
}

const server = setupServer()
let issuer: Issuer
let validator: ContractValidator

beforeAll(async () => {
  // The browser entry's own parts (bundled contract, in-memory issuer), as the page uses them.
  issuer = await createInMemoryIssuer({ baseUrl: ORIGIN })
  validator = compileContractValidator()
  server.listen({ onUnhandledRequest: 'error' })
})
afterEach(() => server.resetHandlers())
afterAll(() => server.close())

/** A fresh mock backend on `storage`, installed as the only handlers, and a fresh auth client. */
function start(storage: MockStateStorage = memoryStorage()) {
  const backend = createMockBackend({ origin: ORIGIN, storage })
  const mock = createMockHandlers({ ...backend.options, validator, issuer })
  server.resetHandlers(...mock.handlers)
  const authClient = createAuthClient({ baseURL: ORIGIN, plugins: [jwtClient()] })
  return { backend, mock, authClient, storage }
}

const ANN = { name: 'Ann', email: 'ann@example.test', password: 'correct horse' }

async function rawSignIn(body: object): Promise<{ status: number; body: unknown }> {
  const response = await fetch(`${ORIGIN}/api/auth/sign-in/email`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  })
  return { status: response.status, body: await response.json() }
}

describe('mock Better Auth', () => {
  it('signs up, which also signs in: get-session returns the user and the session', async () => {
    const { authClient } = start()
    const signUp = await authClient.signUp.email(ANN)
    expect(signUp.error).toBeNull()
    expect(signUp.data?.user).toMatchObject({ name: 'Ann', email: 'ann@example.test', emailVerified: false })
    expect(signUp.data?.user.id).toMatch(/^user_[0-9a-f]{24}$/)
    const session = await authClient.getSession()
    expect(session.data?.user.id).toBe(signUp.data?.user.id)
    expect(session.data?.session.userId).toBe(signUp.data?.user.id)
    // The client parses ISO dates: the shape is Better Auth's.
    expect(session.data?.session.expiresAt).toBeInstanceOf(Date)
  })

  it('puts INVALID_EMAIL, PASSWORD_TOO_SHORT and a taken email (422) in Better Auth error bodies', async () => {
    const { authClient } = start()
    const badEmail = await authClient.signUp.email({ ...ANN, email: 'not-an-email' })
    expect(badEmail.error).toMatchObject({ status: 400, code: 'INVALID_EMAIL' })
    const shortPassword = await authClient.signUp.email({ ...ANN, password: 'short' })
    expect(shortPassword.error).toMatchObject({ status: 400, code: 'PASSWORD_TOO_SHORT' })
    expect((await authClient.signUp.email(ANN)).error).toBeNull()
    const taken = await authClient.signUp.email({ ...ANN, email: 'ANN@example.test' })
    expect(taken.error).toMatchObject({ status: 422, code: 'USER_ALREADY_EXISTS_USE_ANOTHER_EMAIL' })
  })

  it('signs in with the right password, case-insensitively on the email', async () => {
    const { authClient } = start()
    await authClient.signUp.email(ANN)
    await authClient.signOut()
    expect((await authClient.getSession()).data).toBeNull()
    const signIn = await authClient.signIn.email({ email: 'Ann@Example.test', password: ANN.password })
    expect(signIn.error).toBeNull()
    expect(signIn.data).toMatchObject({ redirect: false, user: { email: 'ann@example.test' } })
    expect((await authClient.getSession()).data?.user.email).toBe('ann@example.test')
  })

  it('answers an unknown email and a wrong password identically (status and body)', async () => {
    const { authClient } = start()
    await authClient.signUp.email(ANN)
    const unknown = await rawSignIn({ email: 'nobody@example.test', password: ANN.password })
    const wrong = await rawSignIn({ email: ANN.email, password: 'wrong password' })
    expect(unknown).toEqual({ status: 401, body: { code: 'INVALID_EMAIL_OR_PASSWORD', message: 'Invalid email or password' } })
    expect(wrong).toEqual(unknown)
    const viaClient = await authClient.signIn.email({ email: ANN.email, password: 'wrong password' })
    expect(viaClient.error).toMatchObject({ status: 401, code: 'INVALID_EMAIL_OR_PASSWORD' })
  })

  it('issues a JWT for the session user from token(), and 401 without a session', async () => {
    const { authClient, backend } = start()
    const { data } = await authClient.signUp.email(ANN)
    const before = Math.floor(Date.now() / 1000)
    const token = (await authClient.token()).data?.token
    expect(token).toBeTypeOf('string')
    const claims = decodeJwt(token!)
    expect(claims).toMatchObject({ sub: data?.user.id, email: ANN.email, iss: ORIGIN, aud: ORIGIN })
    expect(claims.exp! - claims.iat!).toBe(900)
    expect(claims.exp).toBeGreaterThanOrEqual(before + 900)
    backend.auth.setTokenTtlSeconds(5)
    const short = decodeJwt((await authClient.token()).data!.token)
    expect(short.exp! - short.iat!).toBe(5)
    await authClient.signOut()
    expect((await authClient.token()).error).toMatchObject({ status: 401 })
    expect(backend.auth.tokenRequests()).toBe(3)
  })

  it('serves the JWKS the tokens verify against', async () => {
    const { authClient } = start()
    await authClient.signUp.email(ANN)
    const { data } = await authClient.jwks()
    expect(data?.keys.map((key) => key.kid)).toContain(issuer.currentKid)
  })

  it('revokeSessions() makes the next token() a 401 and get-session null', async () => {
    const { authClient, backend } = start()
    await authClient.signUp.email(ANN)
    expect((await authClient.token()).data?.token).toBeTypeOf('string')
    backend.auth.revokeSessions()
    expect((await authClient.token()).error).toMatchObject({ status: 401 })
    expect((await authClient.getSession()).data).toBeNull()
  })

  it('goes offline with the Task API when the offline scenario is on', async () => {
    const { authClient, mock } = start()
    mock.scenarios.set({ offline: true })
    await expect(authClient.signUp.email(ANN)).rejects.toThrow()
    mock.scenarios.set({ offline: false })
    expect((await authClient.signUp.email(ANN)).error).toBeNull()
  })
})

describe('mock state persistence', () => {
  it('restores users, the session and the tasks (same ids) from storage, without any JWT in it', async () => {
    const first = start()
    const { data } = await first.authClient.signUp.email(ANN)
    const userId = data!.user.id
    const getToken = async () => (await first.authClient.token()).data?.token ?? null
    const api = createApiClient({ baseUrl: ORIGIN, getToken })
    const milk = await api.createTask(userId, { title: 'Buy milk', description: 'oat' })
    const bread = await api.createTask(userId, { title: 'Bake bread' })
    const milkDone = await api.toggleTask(userId, milk.id)
    const stored = first.storage.getItem(MOCK_STATE_KEY) ?? ''
    expect(stored).toContain(milk.id)
    expect(stored).not.toContain(ANN.password)
    expect(stored).not.toMatch(/eyJ[\w-]+\.[\w-]+\.[\w-]+/)

    // A reload: a new backend and a new client on the same storage.
    const second = start(first.storage)
    expect((await second.authClient.getSession()).data?.user.id).toBe(userId)
    const api2 = createApiClient({ baseUrl: ORIGIN, getToken: async () => (await second.authClient.token()).data?.token ?? null })
    const restored = await api2.listTasks(userId)
    expect(restored.data).toEqual([bread, milkDone])
    expect(await api2.getTask(userId, milk.id)).toEqual(restored.data[1])
    expect(second.backend.store.snapshot()).toEqual(first.backend.store.snapshot())
    // And the restored accounts still sign in.
    await second.authClient.signOut()
    expect((await second.authClient.signIn.email({ email: ANN.email, password: ANN.password })).error).toBeNull()
  })

  it('starts empty from missing or unreadable state', async () => {
    const storage = memoryStorage()
    storage.setItem(MOCK_STATE_KEY, '{not json')
    const { authClient, backend } = start(storage)
    expect((await authClient.getSession()).data).toBeNull()
    expect(backend.store.snapshot()).toEqual([])
  })
})
