import { addTask, isTaskApiCall, isTokenRequest, recordRequests, signUp, taskList } from './app-actions.ts'
import { check, expect } from './fixtures.ts'

check('UI-007', async ({ page, stack, user }) => {
  await signUp(page, stack, user)
  const calls = recordRequests(page, isTaskApiCall)
  await addTask(page, 'Cross the origin')
  const pageOrigin = new URL(page.url()).origin
  const post = calls.seen.find((r) => r.method() === 'POST')!
  expect(new URL(post.url()).origin, 'the API is on another origin').not.toBe(pageOrigin)
  const response = await post.response()
  expect(response?.status()).toBe(201)
  expect(response?.headers()['access-control-allow-origin']).toBe(pageOrigin)
  expect(await post.headerValue('authorization')).toMatch(/^Bearer /)
})

check('UI-012', async ({ page, context, stack, user }) => {
  await signUp(page, stack, user)
  await addTask(page, 'Survive a reload')
  await page.reload()
  await expect(page.getByRole('heading', { name: 'My tasks' })).toBeVisible()
  await expect(taskList(page).getByRole('checkbox', { name: 'Survive a reload' })).toBeVisible()

  await taskList(page).getByRole('link', { name: 'Open Survive a reload' }).click()
  await expect(page.getByLabel('Title')).toHaveValue('Survive a reload')
  await page.reload()
  await expect(page.getByLabel('Title')).toHaveValue('Survive a reload')
  await page.goBack()
  await expect(taskList(page).getByRole('checkbox', { name: 'Survive a reload' })).toBeVisible()

  // A second tab of the same browser profile shares the session.
  const second = await context.newPage()
  await second.goto(`${stack.url}/tasks`)
  await expect(taskList(second).getByRole('checkbox', { name: 'Survive a reload' })).toBeVisible()
  await expect(second.getByText(user.email)).toBeVisible()
})

check('UI-013', async ({ page, stack, user }) => {
  await signUp(page, stack, user)
  const titles = ['Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo']
  for (const title of titles) await addTask(page, title)
  await stack.expireToken(page)

  // One ordered log of token requests and PUT answers: after the burst the app reloads the list, and
  // on a slow machine that reload may legitimately need a token of its own.
  const events: string[] = []
  page.on('request', (r) => {
    if (isTokenRequest(r)) events.push('token')
  })
  page.on('response', (res) => {
    if (isTaskApiCall(res.request()) && res.request().method() === 'PUT') events.push(`put:${res.status()}`)
  })
  await page.getByRole('button', { name: 'Mark all done' }).click()
  for (const title of titles) await expect(taskList(page).getByRole('checkbox', { name: title })).toBeChecked()

  await expect.poll(() => events.filter((e) => e === 'put:200').length).toBeGreaterThanOrEqual(titles.length)
  const burst = events.slice(0, events.lastIndexOf('put:200') + 1)
  expect(
    burst.filter((e) => e === 'put:200'),
    `events: ${events.join(' ')}`,
  ).toHaveLength(titles.length)
  // Five requests needed a new token at the same moment: one refresh served them all.
  expect(
    burst.filter((e) => e === 'token'),
    `events: ${events.join(' ')}`,
  ).toHaveLength(1)
  await expect(page).toHaveURL(/\/tasks$/)
})
