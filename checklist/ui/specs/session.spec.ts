import { addTask, isTaskApiCall, recordRequests, signUp } from '../app-actions.ts'
import { screen } from '../screen.ts'
import { expect, item, test } from '../ui-test.ts'

test(item('UI-007'), async ({ page, stack, ui, user }) => {
  await signUp(ui, user)
  const calls = recordRequests(page, isTaskApiCall)
  await addTask(ui, 'Cross the origin')
  const pageOrigin = new URL(page.url()).origin
  const post = calls.seen.find((r) => r.method() === 'POST')
  expect(post, 'the app sent POST …/tasks').toBeDefined()
  const apiOrigin = new URL(post!.url()).origin
  if (stack.apiOrigin) expect(apiOrigin, 'the Task API the run was given').toBe(stack.apiOrigin)
  // A frontend may reach its API through its own origin (a Next.js rewrite or route handler): no CORS to see there.
  test.skip(
    apiOrigin === pageOrigin,
    stack.apiOrigin
      ? `the Task API given (${stack.apiOrigin}) is the page's own origin, so no cross-origin request is made`
      : `the app calls its Task API on its own origin (${pageOrigin}), so no cross-origin request is made; give the Task API's URL (--api-url) to require one`,
  )
  const response = await post!.response()
  expect(response?.status()).toBe(201)
  // The page's origin, or `*` for an API that allows no credentials (a bearer token is not one: Fetch, CORS protocol).
  const headers = response?.headers() ?? {}
  const allowed = headers['access-control-allow-origin']
  expect(allowed === pageOrigin || (allowed === '*' && headers['access-control-allow-credentials'] !== 'true'), `Access-Control-Allow-Origin: ${allowed}`).toBe(
    true,
  )
  expect(await post!.headerValue('authorization')).toMatch(/^Bearer /)
})

test(item('UI-012'), async ({ page, context, profile, stack, ui, user }) => {
  await signUp(ui, user)
  await addTask(ui, 'Survive a reload')
  await page.reload()
  await expect(ui.heading('taskList')).toBeVisible()
  await expect(ui.toggle('Survive a reload')).toBeVisible()

  await ui.openTask('Survive a reload').click()
  await expect(ui.field('title')).toHaveValue('Survive a reload')
  await page.reload()
  await expect(ui.field('title')).toHaveValue('Survive a reload')
  await page.goBack()
  await expect(ui.toggle('Survive a reload')).toBeVisible()

  // A second tab of the same browser profile shares the session.
  const second = screen(await context.newPage(), profile, stack.url)
  await second.page.goto(second.url('taskList'))
  await expect(second.toggle('Survive a reload')).toBeVisible()
  await expect(second.page.getByText(user.email)).toBeVisible()
})

test(item('UI-013'), async ({ page, profile, stack, ui, user }) => {
  test.skip(
    profile.buttons.markAllDone === undefined,
    `the frontend profile "${profile.name}" has no buttons.markAllDone (one action sending several requests at once)`,
  )
  await signUp(ui, user)
  const titles = ['Alpha', 'Bravo', 'Charlie', 'Delta', 'Echo']
  for (const title of titles) await addTask(ui, title)
  await stack.expireToken(page)

  // One ordered log of token requests and PUT answers: after the burst the app reloads the list, and
  // on a slow machine that reload may legitimately need a token of its own.
  const events: string[] = []
  const isTokenRequest = ui.isAuthCall('/token')
  page.on('request', (r) => {
    if (isTokenRequest(r)) events.push('token')
  })
  page.on('response', (res) => {
    if (isTaskApiCall(res.request()) && res.request().method() === 'PUT') events.push(`put:${res.status()}`)
  })
  await ui.button('markAllDone').click()
  for (const title of titles) await expect(ui.toggle(title)).toBeChecked()

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
  await expect(page).toHaveURL(ui.at('taskList'))
})
