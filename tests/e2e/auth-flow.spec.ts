import { addTask, isTaskApiCall, isTokenRequest, jwtClaims, recordRequests, signOut, signUp, submitSignIn, taskList } from './app-actions.ts'
import { check, expect } from './fixtures.ts'

check('UI-001', async ({ page, stack, user }) => {
  await signUp(page, stack, user)
  await signOut(page)
  await page.goto(`${stack.url}/tasks?view=open`)
  await expect(page).toHaveURL(/\/sign-in\?/)
  expect(new URL(page.url()).searchParams.get('next')).toBe('/tasks?view=open')
  // A plain redirect, not an expiry: no "expired" message.
  await expect(page.getByText('Your session expired')).toHaveCount(0)
  await submitSignIn(page, user.email, user.password)
  await expect(page.getByRole('heading', { name: 'My tasks' })).toBeVisible()
  expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe('/tasks?view=open')
})

check('UI-002', async ({ page, stack, user }) => {
  await signUp(page, stack, user)
  await addTask(page, 'Water the plants')
  await signOut(page)
  const tokens = recordRequests(page, isTokenRequest)
  const apiCalls = recordRequests(page, isTaskApiCall)
  await page.goto(`${stack.url}/sign-in`)
  await submitSignIn(page, user.email, user.password)
  await expect(taskList(page).getByRole('checkbox', { name: 'Water the plants' })).toBeVisible()

  const tokenResponse = await tokens.seen[0]?.response()
  expect(tokenResponse?.status(), 'GET /api/auth/token').toBe(200)
  const { token } = (await tokenResponse!.json()) as { token: string }
  const claims = jwtClaims(token)
  expect(claims.sub, 'sub').toEqual(expect.any(String))
  expect(Number(claims.exp) - Math.floor(Date.now() / 1000)).toBeGreaterThan(0)
  // The list call went to /api/<sub>/tasks with exactly that token.
  const listCall = apiCalls.seen.find((r) => r.method() === 'GET')
  expect(new URL(listCall!.url()).pathname).toBe(`/api/${claims.sub as string}/tasks`)
  expect(await listCall!.headerValue('authorization')).toBe(`Bearer ${token}`)
})

check('UI-003', async ({ page, stack, user }) => {
  await signUp(page, stack, user)
  await signOut(page)
  const answers: number[] = []
  page.on('response', (res) => {
    if (new URL(res.url()).pathname === '/api/auth/sign-in/email') answers.push(res.status())
  })
  const alert = page.getByRole('alert').filter({ hasText: /invalid email or password/i })

  await submitSignIn(page, user.email, 'not-the-password')
  await expect(alert).toBeVisible()
  const wrongPassword = (await alert.innerText()).trim()

  await page.goto(`${stack.url}/sign-in`)
  await submitSignIn(page, `nobody-${user.email}`, 'not-the-password')
  await expect(alert).toBeVisible()
  const unknownEmail = (await alert.innerText()).trim()

  // The same words and the same HTTP status, so neither tells whether the account exists.
  expect(unknownEmail).toBe(wrongPassword)
  expect(answers).toHaveLength(2)
  expect(answers[0]).toBe(answers[1])
  expect(unknownEmail).toBe('Invalid email or password')
  await expect(page).toHaveURL(/\/sign-in/)
})

check('UI-004', async ({ page, stack, user }) => {
  await signUp(page, stack, user)
  await addTask(page, 'Renew passport')
  await taskList(page).getByRole('link', { name: 'Open Renew passport' }).click()
  await expect(page.getByLabel('Title')).toHaveValue('Renew passport')
  const destination = new URL(page.url()).pathname

  await stack.endSession(page)
  await page.getByLabel('Description').fill('before the trip')
  await page.getByRole('button', { name: 'Save' }).click()

  await expect(page).toHaveURL(/\/sign-in\?/)
  await expect(page.getByRole('alert').filter({ hasText: 'Your session expired. Please sign in again.' })).toBeVisible()
  expect(new URL(page.url()).searchParams.get('next')).toBe(destination)
  await submitSignIn(page, user.email, user.password)
  await expect(page).toHaveURL(new RegExp(`${destination}$`))
  await expect(page.getByLabel('Title')).toHaveValue('Renew passport')
})

check('UI-005', async ({ page, stack, user }) => {
  await signUp(page, stack, user)
  await addTask(page, 'First errand')
  await stack.expireToken(page)
  const tokens = recordRequests(page, isTokenRequest)
  await addTask(page, 'Second errand')
  // Still here, still signed in, the work done: a fresh token was fetched on the way.
  await expect(page).toHaveURL(/\/tasks$/)
  await expect(page.getByText('Your session expired')).toHaveCount(0)
  expect(tokens.seen.length).toBeGreaterThanOrEqual(1)
  await page.reload()
  await expect(taskList(page).getByRole('checkbox')).toHaveCount(2)
})

check('UI-014', async ({ page, stack, user }) => {
  await page.goto(`${stack.url}/sign-up`)
  await page.getByLabel('Name').fill(user.name)
  await page.getByLabel('Email').fill(user.email)
  await page.getByLabel('Password').fill('short')
  await page.getByRole('button', { name: 'Sign up' }).click()
  const passwordError = page.locator('#password-error')
  await expect(passwordError).toBeVisible()
  await expect(passwordError).toContainText(/password/i)
  await expect(page.getByLabel('Password')).toHaveAttribute('aria-invalid', 'true')
  await expect(page.getByLabel('Email')).toHaveValue(user.email)

  await page.getByLabel('Password').fill(user.password)
  await page.getByRole('button', { name: 'Sign up' }).click()
  await expect(page.getByRole('heading', { name: 'My tasks' })).toBeVisible()
  await expect(page.getByText('No tasks yet')).toBeVisible()
  await expect(page.getByText(user.email)).toBeVisible()
})

check('UI-015', async ({ page, stack, user }) => {
  await signUp(page, stack, user)
  await signOut(page)
  const session = await page.evaluate(() => fetch('/api/auth/get-session', { credentials: 'include' }).then((r) => r.text()))
  expect(session === '' || session === 'null').toBe(true)
  const apiCalls = recordRequests(page, isTaskApiCall)
  await page.goto(`${stack.url}/tasks`)
  await expect(page).toHaveURL(/\/sign-in\?next=%2Ftasks$/)
  await expect(page.getByRole('heading', { name: 'Sign in' })).toBeVisible()
  expect(apiCalls.seen, 'no Task API call without a session').toHaveLength(0)
})

check('UI-016', async ({ page, stack, user }) => {
  const apiCalls = recordRequests(page, isTaskApiCall)
  await signUp(page, stack, user)
  await addTask(page, 'Keep the token in memory')
  await page.reload()
  await expect(taskList(page).getByRole('checkbox', { name: 'Keep the token in memory' })).toBeVisible()
  const sent = await Promise.all(apiCalls.seen.map((r) => r.headerValue('authorization')))
  const tokens = [...new Set(sent.filter((h): h is string => !!h).map((h) => h.replace(/^Bearer /, '')))]
  expect(tokens.length).toBeGreaterThan(0)
  const stored = await page.evaluate(() => {
    const dump = (storage: Storage) => Array.from({ length: storage.length }, (_, i) => `${storage.key(i)}=${storage.getItem(storage.key(i)!)}`)
    return [...dump(localStorage), ...dump(sessionStorage), document.cookie].join('\n')
  })
  for (const token of tokens) expect(stored.includes(token), 'a JWT the app sent is readable from web storage or document.cookie').toBe(false)
  expect(stored).not.toMatch(/eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/)
})
