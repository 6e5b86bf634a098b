import { randomUUID } from 'node:crypto'
import { addTask, isTaskApiCall, recordRequests, signUp, taskList } from './app-actions.ts'
import { check, expect } from './fixtures.ts'

check('UI-006', async ({ page, stack, user }) => {
  await signUp(page, stack, user)
  await expect(page.getByText('No tasks yet')).toBeVisible()
  await addTask(page, 'Buy milk', 'two litres')

  await taskList(page).getByRole('link', { name: 'Open Buy milk' }).click()
  await expect(page.getByLabel('Description')).toHaveValue('two litres')
  await page.getByLabel('Title').fill('Buy oat milk')
  await page.getByRole('button', { name: 'Save' }).click()
  await expect(page.getByText('Task saved')).toBeVisible()
  await page.getByRole('link', { name: 'Back to tasks' }).click()

  const box = taskList(page).getByRole('checkbox', { name: 'Buy oat milk' })
  await expect(box).not.toBeChecked()
  await box.check()
  await expect(box).toBeChecked()
  await page.reload()
  await expect(taskList(page).getByRole('checkbox', { name: 'Buy oat milk' })).toBeChecked()
  await expect(page.getByTestId('task-count')).toContainText('1')

  await taskList(page).getByRole('button', { name: 'Delete Buy oat milk' }).click()
  await expect(taskList(page).getByRole('checkbox', { name: 'Buy oat milk' })).toHaveCount(0)
  await page.reload()
  await expect(page.getByText('No tasks yet')).toBeVisible()
})

check('UI-008', async ({ page, stack, user }) => {
  await signUp(page, stack, user)
  const creates = recordRequests(page, (r) => isTaskApiCall(r) && r.method() === 'POST')
  const tooLong = 'x'.repeat(256)
  await page.getByLabel('Title').fill(tooLong)
  await page.getByRole('button', { name: 'Add task' }).click()
  const error = page.locator('#title-error')
  await expect(error).toBeVisible()
  await expect(error).toHaveAttribute('role', 'alert')
  await expect(page.getByLabel('Title')).toHaveAttribute('aria-invalid', 'true')
  await expect(page.getByLabel('Title')).toHaveValue(tooLong)
  // The message came from the API's 422, not from a check in the page.
  expect((await creates.seen[0]?.response())?.status()).toBe(422)
  await page.reload()
  await expect(page.getByText('No tasks yet')).toBeVisible()
})

check('UI-009', async ({ page, stack, user }) => {
  await signUp(page, stack, user)
  await page.goto(`${stack.url}/users/someone-else/tasks`)
  await expect(page.getByRole('alert').filter({ hasText: "You don't have permission" })).toBeVisible()
  await expect(page.getByRole('list', { name: 'Tasks' })).toHaveCount(0)
})

check('UI-010', async ({ page, stack, user }) => {
  await signUp(page, stack, user)
  await page.goto(`${stack.url}/tasks/${randomUUID()}`)
  await expect(page.getByRole('heading', { name: 'Task not found' })).toBeVisible()
  await page.getByRole('link', { name: 'Back to tasks' }).click()
  await expect(page.getByRole('heading', { name: 'My tasks' })).toBeVisible()
  await expect(page).toHaveURL(/\/tasks$/)
})

check('UI-011', async ({ page, stack, user }) => {
  await signUp(page, stack, user)
  await addTask(page, 'Call the plumber')
  await stack.setOffline(page, true)
  await page.getByRole('button', { name: 'Refresh' }).click()
  const offline = page.getByRole('alert').filter({ hasText: 'You appear to be offline' })
  await expect(offline).toBeVisible()
  await stack.setOffline(page, false)
  await offline
    .getByRole('button', { name: 'Retry' })
    .or(page.getByRole('button', { name: 'Retry' }))
    .first()
    .click()
  await expect(offline).toHaveCount(0)
  await expect(taskList(page).getByRole('checkbox', { name: 'Call the plumber' })).toBeVisible()
})
