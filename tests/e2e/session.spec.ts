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

  const tokens = recordRequests(page, isTokenRequest)
  const updates = recordRequests(page, (r) => isTaskApiCall(r) && r.method() === 'PUT')
  await page.getByRole('button', { name: 'Mark all done' }).click()
  for (const title of titles) await expect(taskList(page).getByRole('checkbox', { name: title })).toBeChecked()

  // Five requests needed a new token at the same moment: one refresh served them all.
  expect(tokens.seen, 'token requests for the burst').toHaveLength(1)
  const statuses = await Promise.all(updates.seen.map(async (r) => (await r.response())?.status()))
  expect(statuses.filter((s) => s === 200)).toHaveLength(titles.length)
  await expect(page).toHaveURL(/\/tasks$/)
})
