import { randomUUID } from 'node:crypto'
import { addTask, fieldMessage, isTaskApiCall, recordRequests, signUp } from '../app-actions.ts'
import { expect, item, test } from '../ui-test.ts'

test(item('UI-006'), async ({ page, profile, ui, user }) => {
  await signUp(ui, user)
  await expect(ui.text('emptyList')).toBeVisible()
  await addTask(ui, 'Buy milk', 'two litres')

  await ui.openTask('Buy milk').click()
  await expect(ui.field('description')).toHaveValue('two litres')
  await ui.field('title').fill('Buy oat milk')
  await ui.button('save').click()
  await expect(ui.text('taskSaved')).toBeVisible()
  await ui.link('backToTasks').click()

  const box = ui.toggle('Buy oat milk')
  await expect(box).not.toBeChecked()
  // An optimistic toggle shows the tick before the API has it: reload only once the call was answered.
  const saved = page.waitForResponse((res) => isTaskApiCall(res.request()) && ['PATCH', 'PUT'].includes(res.request().method()))
  await box.check()
  await expect(box).toBeChecked()
  expect((await saved).ok(), 'the toggle call was answered 2xx').toBe(true)
  await page.reload()
  await expect(ui.toggle('Buy oat milk')).toBeChecked()
  if (profile.messages.oneTask !== undefined) await expect(ui.text('oneTask')).toBeVisible()

  await ui.deleteTask('Buy oat milk').click()
  await expect(ui.toggle('Buy oat milk')).toHaveCount(0)
  await page.reload()
  await expect(ui.text('emptyList')).toBeVisible()
})

test(item('UI-008'), async ({ page, ui, user }) => {
  await signUp(ui, user)
  const creates = recordRequests(page, (r) => isTaskApiCall(r) && r.method() === 'POST')
  const tooLong = 'x'.repeat(256)
  const title = ui.field('title')
  await title.fill(tooLong)
  await ui.button('addTask').click()
  // Next to the field: the field is invalid and names its message (aria-describedby /
  // aria-errormessage), and that message is shown as an alert.
  await expect(title).toHaveAttribute('aria-invalid', 'true')
  await expect(title).toHaveAccessibleDescription(/\S/)
  const message = await fieldMessage(title)
  expect(message, 'the message linked to the Title field').not.toBe('')
  await expect(page.getByRole('alert').filter({ hasText: message })).toBeVisible()
  await expect(title).toHaveValue(tooLong)
  // The message came from the API's 422, not from a check in the page.
  expect((await creates.seen[0]?.response())?.status()).toBe(422)
  await page.reload()
  await expect(ui.text('emptyList')).toBeVisible()
})

test(item('UI-009'), async ({ page, profile, ui, user }) => {
  test.skip(profile.routes.userTasks === undefined, `the frontend profile "${profile.name}" has no routes.userTasks (another user's list by link)`)
  await signUp(ui, user)
  await page.goto(ui.url('userTasks', { userId: 'someone-else' }))
  await expect(ui.alert('forbidden')).toBeVisible()
  await expect(ui.taskList()).toHaveCount(0)
})

test(item('UI-010'), async ({ page, profile, ui, user }) => {
  await signUp(ui, user)
  await page.goto(ui.url('task', { taskId: randomUUID() }))
  // Said in a heading (a "not found" page) or an alert.
  const notFound = profile.messages.notFound
  await expect(page.getByRole('heading', { name: notFound }).or(ui.alert('notFound')).first()).toBeVisible()
  await ui.link('backToTasks').click()
  await expect(ui.heading('taskList')).toBeVisible()
  await expect(page).toHaveURL(ui.at('taskList'))
})

test(item('UI-011'), async ({ page, profile, stack, ui, user }) => {
  await signUp(ui, user)
  await addTask(ui, 'Call the plumber')
  await stack.setOffline(page, true)
  await ui.button('refresh').click()
  const offline = ui.alert('offline')
  await expect(offline).toBeVisible()
  await stack.setOffline(page, false)
  await offline.getByRole('button', { name: profile.buttons.retry }).or(ui.button('retry')).first().click()
  await expect(offline).toHaveCount(0)
  await expect(ui.toggle('Call the plumber')).toBeVisible()
})
