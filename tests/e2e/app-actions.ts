import type { Page, Request } from '@playwright/test'
import { expect, type Stack, type TestUser } from './fixtures.ts'

/** Signs `user` up through the sign-up page; ends on "My tasks". */
export async function signUp(page: Page, stack: Stack, user: TestUser): Promise<void> {
  await page.goto(`${stack.url}/sign-up`)
  await page.getByLabel('Name').fill(user.name)
  await page.getByLabel('Email').fill(user.email)
  await page.getByLabel('Password').fill(user.password)
  await page.getByRole('button', { name: 'Sign up' }).click()
  await expect(page.getByRole('heading', { name: 'My tasks' })).toBeVisible()
}

/** Fills and submits the sign-in form of the current page. */
export async function submitSignIn(page: Page, email: string, password: string): Promise<void> {
  await page.getByLabel('Email').fill(email)
  await page.getByLabel('Password').fill(password)
  await page.getByRole('button', { name: 'Sign in' }).click()
}

/** Signs out through the header button; ends on the sign-in page. */
export async function signOut(page: Page): Promise<void> {
  await page.getByRole('button', { name: 'Sign out' }).click()
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible()
}

/** Adds a task on "My tasks" and waits until it is listed. */
export async function addTask(page: Page, title: string, description?: string): Promise<void> {
  await page.getByLabel('Title').fill(title)
  if (description !== undefined) await page.getByLabel('Description').fill(description)
  await page.getByRole('button', { name: 'Add task' }).click()
  await expect(taskList(page).getByRole('checkbox', { name: title })).toBeVisible()
}

/** The task list of the current page. */
export const taskList = (page: Page) => page.getByRole('list', { name: 'Tasks' })

/** True for a call to the Task API (not Better Auth, not the app's files). */
export const isTaskApiCall = (request: Request) => /\/api\/[^/]+\/tasks(\/|$|\?)/.test(new URL(request.url()).pathname)

/** True for a token request to Better Auth's JWT plugin. */
export const isTokenRequest = (request: Request) => new URL(request.url()).pathname === '/api/auth/token'

/** Collects matching requests from now on; `stop()` detaches. */
export function recordRequests(page: Page, match: (request: Request) => boolean) {
  const seen: Request[] = []
  const listener = (request: Request) => {
    if (match(request)) seen.push(request)
  }
  page.on('request', listener)
  return { seen, stop: () => page.off('request', listener) }
}

/** The payload of a compact JWS, without verification (the test only reads claims it was sent). */
export function jwtClaims(token: string): Record<string, unknown> {
  const payload = token.split('.')[1]
  if (!payload) throw new Error('not a JWT')
  return JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>
}
