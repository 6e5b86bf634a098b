import type { Locator, Page, Request } from '@playwright/test'
import { type FrontendProfile, fillTemplate, routePattern } from './frontend-profile.ts'

type Routes = FrontendProfile['routes']
type RouteKey = Exclude<keyof Routes, 'nextParam'>
type MessageKey = keyof FrontendProfile['messages']

/**
 * A page seen through a frontend profile: every element is found by role + accessible name,
 * label or text taken from the profile (no CSS class, no test id), every route comes from it.
 */
export interface Screen {
  page: Page
  profile: FrontendProfile
  /** Absolute URL of a route, templates filled (`url('task', { taskId })`); throws for a route the profile lacks. */
  url(route: RouteKey, values?: Record<string, string>): string
  /** Path of a route, templates filled. */
  path(route: RouteKey, values?: Record<string, string>): string
  /** A RegExp for `toHaveURL`: the route, then `rest` (a RegExp source; default the end of the URL). */
  at(route: RouteKey, rest?: string): RegExp
  field(key: keyof FrontendProfile['fields']): Locator
  button(key: keyof FrontendProfile['buttons']): Locator
  heading(key: keyof FrontendProfile['headings']): Locator
  link(key: keyof FrontendProfile['links']): Locator
  /** The task list (role `list` with the profile's name). */
  taskList(): Locator
  /** Every row's completion toggle in the list. */
  toggles(): Locator
  /** The completion toggle of the task titled `title`. */
  toggle(title: string): Locator
  /** The control opening the task titled `title`. */
  openTask(title: string): Locator
  /** The control deleting the task titled `title`. */
  deleteTask(title: string): Locator
  /** An alert (role `alert`) saying the message. */
  alert(key: MessageKey): Locator
  /** Any element whose text is the message (toasts, notices, empty states). */
  text(key: MessageKey): Locator
  /** The message's pattern; throws for an optional message the profile lacks. */
  message(key: MessageKey): NonNullable<FrontendProfile['messages'][MessageKey]>
  /** True for a request to the profile's Better Auth endpoint `endpoint` (`'/token'`). */
  isAuthCall(endpoint: string): (request: Request) => boolean
}

/** `page` seen through `profile`; `baseUrl` is the frontend's origin. */
export function screen(page: Page, profile: FrontendProfile, baseUrl: string): Screen {
  const path = (route: RouteKey, values: Record<string, string> = {}) => {
    const template = profile.routes[route]
    if (template === undefined) throw new Error(`the frontend profile "${profile.name}" has no routes.${route}`)
    return fillTemplate(template, Object.fromEntries(Object.entries(values).map(([k, v]) => [k, encodeURIComponent(v)])))
  }
  const button = (key: keyof FrontendProfile['buttons']) => {
    const name = profile.buttons[key]
    // An absent name would match any button.
    if (name === undefined) throw new Error(`the frontend profile "${profile.name}" has no buttons.${key}`)
    return page.getByRole('button', { name })
  }
  const message = (key: MessageKey) => {
    const pattern = profile.messages[key]
    if (pattern === undefined) throw new Error(`the frontend profile "${profile.name}" has no messages.${key}`)
    return pattern
  }
  const list = () => page.getByRole('list', { name: profile.taskList.name })
  const rowControl = (control: FrontendProfile['taskList']['open' | 'delete' | 'toggle'], title: string) =>
    list().getByRole(control.role, { name: fillTemplate(control.name, { title }) })
  return {
    page,
    profile,
    path,
    url: (route, values) => `${baseUrl}${path(route, values)}`,
    at: (route, rest) => routePattern(path(route), rest),
    field: (key) => page.getByLabel(profile.fields[key]),
    button,
    heading: (key) => page.getByRole('heading', { name: profile.headings[key] }),
    link: (key) => page.getByRole('link', { name: profile.links[key] }),
    taskList: list,
    toggles: () => list().getByRole(profile.taskList.toggle.role),
    toggle: (title) => rowControl(profile.taskList.toggle, title),
    openTask: (title) => rowControl(profile.taskList.open, title),
    deleteTask: (title) => rowControl(profile.taskList.delete, title),
    alert: (key) => page.getByRole('alert').filter({ hasText: message(key) }),
    text: (key) => page.getByText(message(key)),
    message,
    isAuthCall: (endpoint) => (request) => new URL(request.url()).pathname === `${profile.authBasePath}${endpoint}`,
  }
}
