import { addTask, fieldMessage, isTaskApiCall, jwtClaims, recordRequests, signOut, signUp, submitPastRateLimit, submitSignIn } from '../app-actions.ts'
import { escapeRegExp, patternRegExp, routePattern } from '../frontend-profile.ts'
import { expect, item, test } from '../ui-test.ts'

test(item('UI-001'), async ({ page, profile, ui, user }) => {
  await signUp(ui, user)
  await signOut(ui)
  const destination = `${ui.path('taskList')}?view=open`
  await page.goto(`${ui.url('taskList')}?view=open`)
  await expect(page).toHaveURL(ui.at('signIn', '\\?'))
  expect(new URL(page.url()).searchParams.get(profile.routes.nextParam)).toBe(destination)
  // A plain redirect, not an expiry: no "expired" message.
  await expect(ui.text('sessionExpired')).toHaveCount(0)
  await submitSignIn(ui, user.email, user.password)
  await expect(ui.heading('taskList')).toBeVisible()
  expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe(destination)
})

test(item('UI-002'), async ({ page, ui, user }) => {
  await signUp(ui, user)
  await addTask(ui, 'Water the plants')
  await signOut(ui)
  const tokens = recordRequests(page, ui.isAuthCall('/token'))
  const apiCalls = recordRequests(page, isTaskApiCall)
  await page.goto(ui.url('signIn'))
  await submitSignIn(ui, user.email, user.password)
  await expect(ui.toggle('Water the plants')).toBeVisible()

  const tokenResponse = await tokens.seen[0]?.response()
  expect(tokenResponse?.status(), 'GET <Better Auth>/token').toBe(200)
  const { token } = (await tokenResponse!.json()) as { token: string }
  const claims = jwtClaims(token)
  expect(claims.sub, 'sub').toEqual(expect.any(String))
  expect(Number(claims.exp) - Math.floor(Date.now() / 1000)).toBeGreaterThan(0)
  // The list call went to /api/<sub>/tasks with exactly that token.
  const listCall = apiCalls.seen.find((r) => r.method() === 'GET')
  expect(new URL(listCall!.url()).pathname).toBe(`/api/${claims.sub as string}/tasks`)
  // Compared as a boolean: a failure report never prints a live token.
  expect((await listCall!.headerValue('authorization')) === `Bearer ${token}`, 'the list call carries the token /token issued').toBe(true)
})

test(item('UI-003'), async ({ page, profile, ui, user }) => {
  await signUp(ui, user)
  await signOut(ui)
  const answers: number[] = []
  const isSignIn = ui.isAuthCall('/sign-in/email')
  // A 429 is the deployment's rate limit, waited out by submitSignIn: not an answer about the account.
  page.on('response', (res) => {
    if (isSignIn(res.request()) && res.status() !== 429) answers.push(res.status())
  })
  const alert = ui.alert('invalidCredentials')

  await submitSignIn(ui, user.email, 'not-the-password')
  await expect(alert).toBeVisible()
  const wrongPassword = (await alert.innerText()).trim()

  await page.goto(ui.url('signIn'))
  await submitSignIn(ui, `nobody-${user.email}`, 'not-the-password')
  await expect(alert).toBeVisible()
  const unknownEmail = (await alert.innerText()).trim()

  // The same words and the same HTTP status, so neither tells whether the account exists.
  expect(unknownEmail).toBe(wrongPassword)
  expect(answers).toHaveLength(2)
  expect(answers[0]).toBe(answers[1])
  expect(unknownEmail).toMatch(patternRegExp(profile.messages.invalidCredentials))
  await expect(page).toHaveURL(ui.at('signIn', ''))
})

test(item('UI-004'), async ({ page, profile, stack, ui, user }) => {
  await signUp(ui, user)
  await addTask(ui, 'Renew passport')
  await ui.openTask('Renew passport').click()
  await expect(ui.field('title')).toHaveValue('Renew passport')
  const destination = new URL(page.url()).pathname

  await stack.endSession(page)
  await ui.field('description').fill('before the trip')
  await ui.button('save').click()

  await expect(page).toHaveURL(ui.at('signIn', '\\?'))
  await expect(ui.alert('sessionExpired')).toBeVisible()
  expect(new URL(page.url()).searchParams.get(profile.routes.nextParam), 'the destination kept in the sign-in URL').toBe(destination)
  await submitSignIn(ui, user.email, user.password)
  await expect(page).toHaveURL(routePattern(destination))
  await expect(ui.field('title')).toHaveValue('Renew passport')
})

test(item('UI-005'), async ({ page, stack, ui, user }) => {
  await signUp(ui, user)
  await addTask(ui, 'First errand')
  await stack.expireToken(page)
  const tokens = recordRequests(page, ui.isAuthCall('/token'))
  await addTask(ui, 'Second errand')
  // Still here, still signed in, the work done: a fresh token was fetched on the way.
  await expect(page).toHaveURL(ui.at('taskList'))
  await expect(ui.text('sessionExpired')).toHaveCount(0)
  expect(tokens.seen.length).toBeGreaterThanOrEqual(1)
  await page.reload()
  await expect(ui.toggles()).toHaveCount(2)
})

test(item('UI-014'), async ({ page, profile, ui, user }) => {
  await page.goto(ui.url('signUp'))
  await ui.field('name').fill(user.name)
  await ui.field('email').fill(user.email)
  await ui.field('password').fill('short')
  await ui.button('signUp').click()
  // The message is next to the field: shown, and linked to it (aria-describedby / aria-errormessage).
  const password = ui.field('password')
  await expect(password).toHaveAttribute('aria-invalid', 'true')
  await expect(password).toHaveAccessibleDescription(patternRegExp(profile.messages.passwordTooShort))
  expect(await fieldMessage(password)).toMatch(patternRegExp(profile.messages.passwordTooShort))
  await expect(ui.text('passwordTooShort')).toBeVisible()
  await expect(ui.field('email')).toHaveValue(user.email)

  await password.fill(user.password)
  await submitPastRateLimit(ui, 'sign-up', () => ui.button('signUp').click())
  await expect(ui.heading('taskList')).toBeVisible()
  await expect(ui.text('emptyList')).toBeVisible()
  await expect(page.getByText(user.email)).toBeVisible()
})

test(item('UI-015'), async ({ page, profile, ui, user }) => {
  await signUp(ui, user)
  await signOut(ui)
  const session = await page.evaluate((url) => fetch(url, { credentials: 'include' }).then((r) => r.text()), `${profile.authBasePath}/get-session`)
  expect(session === '' || session === 'null').toBe(true)
  const apiCalls = recordRequests(page, isTaskApiCall)
  await page.goto(ui.url('taskList'))
  await expect(page).toHaveURL(ui.at('signIn', `${escapeRegExp(`?${profile.routes.nextParam}=${encodeURIComponent(ui.path('taskList'))}`)}$`))
  await expect(ui.heading('signIn')).toBeVisible()
  expect(apiCalls.seen, 'no Task API call without a session').toHaveLength(0)
})

test(item('UI-016'), async ({ page, ui, user }) => {
  const apiCalls = recordRequests(page, isTaskApiCall)
  await signUp(ui, user)
  await addTask(ui, 'Keep the token in memory')
  await page.reload()
  await expect(ui.toggle('Keep the token in memory')).toBeVisible()
  const sent = await Promise.all(apiCalls.seen.map((r) => r.headerValue('authorization')))
  const tokens = [...new Set(sent.filter((h): h is string => !!h).map((h) => h.replace(/^Bearer /, '')))]
  expect(tokens.length).toBeGreaterThan(0)
  const stored = await page.evaluate(() => {
    const dump = (storage: Storage) => Array.from({ length: storage.length }, (_, i) => `${storage.key(i)}=${storage.getItem(storage.key(i)!)}`)
    return [...dump(localStorage), ...dump(sessionStorage), document.cookie].join('\n')
  })
  // Booleans, so a failure report never prints the token it found.
  for (const token of tokens) expect(stored.includes(token), 'a JWT the app sent is readable from web storage or document.cookie').toBe(false)
  expect(/eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/.test(stored), 'a JWT is readable from web storage or document.cookie').toBe(false)
})
