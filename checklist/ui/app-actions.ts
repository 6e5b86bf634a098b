import { expect, type Locator, type Page, type Request, test } from '@playwright/test'
import type { TestUser } from './ui-test.ts'
import type { Screen } from './screen.ts'

/** Longest wait for one rate-limit window, seconds (Better Auth's default window is 60 s). */
const RATE_LIMIT_MAX_WAIT_SECONDS = 65
/** Submissions of one form before a 429 fails the test. */
const RATE_LIMIT_ATTEMPTS = 3

/**
 * Submits, by `submit()`, a form posting to Better Auth's `endpoint` (`sign-up` or `sign-in`). Every
 * item signs up its own user, so a run makes more sign-ups and sign-ins a minute than a person would, and a
 * deployment's rate limit (Better Auth's 429 with `X-Retry-After`, seconds; the Next.js example allows
 * 10 a minute) would fail items that have nothing to do with it: wait as told, then submit again.
 */
export async function submitPastRateLimit(ui: Screen, endpoint: 'sign-up' | 'sign-in', submit: () => Promise<void>): Promise<void> {
  const prefix = `${ui.profile.authBasePath}/${endpoint}`
  for (let attempt = 1; ; attempt++) {
    const answer = ui.page
      .waitForResponse((res) => res.request().method() === 'POST' && new URL(res.url()).pathname.startsWith(prefix), { timeout: 15_000 })
      .catch(() => undefined)
    await submit()
    const response = await answer
    if (response?.status() !== 429) return
    if (attempt === RATE_LIMIT_ATTEMPTS)
      throw new Error(`Better Auth answered POST ${prefix}… with 429 ${attempt} times: raise its rateLimit for this endpoint on the deployment under test`)
    const told = Number(response.headers()['x-retry-after'] ?? response.headers()['retry-after'])
    const seconds = Math.min(Number.isFinite(told) && told > 0 ? told : 60, RATE_LIMIT_MAX_WAIT_SECONDS)
    test.info().annotations.push({ type: 'rate-limited', description: `${prefix}: 429, waited ${seconds} s` })
    test.info().setTimeout(test.info().timeout + (seconds + 15) * 1000)
    await ui.page.waitForTimeout(seconds * 1000 + 500)
  }
}

/** Signs `user` up through the sign-up page; ends on the task list. */
export async function signUp(ui: Screen, user: TestUser): Promise<void> {
  await ui.page.goto(ui.url('signUp'))
  await ui.field('name').fill(user.name)
  await ui.field('email').fill(user.email)
  await ui.field('password').fill(user.password)
  await submitPastRateLimit(ui, 'sign-up', () => ui.button('signUp').click())
  await expect(ui.heading('taskList')).toBeVisible()
}

/** Fills and submits the sign-in form of the current page. */
export async function submitSignIn(ui: Screen, email: string, password: string): Promise<void> {
  await ui.field('email').fill(email)
  await ui.field('password').fill(password)
  await submitPastRateLimit(ui, 'sign-in', () => ui.button('signIn').click())
}

/** Signs out through the header button; ends on the sign-in page. */
export async function signOut(ui: Screen): Promise<void> {
  await ui.button('signOut').click()
  await expect(ui.heading('signIn')).toBeVisible()
}

/** Adds a task on the task list and waits until it is listed. */
export async function addTask(ui: Screen, title: string, description?: string): Promise<void> {
  await ui.field('title').fill(title)
  if (description !== undefined) await ui.field('description').fill(description)
  await ui.button('addTask').click()
  await expect(ui.toggle(title)).toBeVisible()
}

/**
 * The text of the element(s) an input names as its description or error message
 * (`aria-describedby`, `aria-errormessage`): the ARIA link between a field and its message.
 */
export async function fieldMessage(field: Locator): Promise<string> {
  return field.evaluate((el) => {
    const ids = `${el.getAttribute('aria-describedby') ?? ''} ${el.getAttribute('aria-errormessage') ?? ''}`.split(/\s+/).filter(Boolean)
    return [...new Set(ids)]
      .map((id) => el.ownerDocument.getElementById(id)?.textContent?.trim() ?? '')
      .filter(Boolean)
      .join(' ')
  })
}

/** True for a call to the Task API (not Better Auth, not the app's files): the contract's `/api/{user_id}/tasks`. */
export const isTaskApiCall = (request: Request) => /\/api\/[^/]+\/tasks(\/|$|\?)/.test(new URL(request.url()).pathname)

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
