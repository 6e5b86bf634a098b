/**
 * A frontend profile: what differs between two frontends of the task app, as far as the browser
 * checklist (tests/e2e, UI-001…016) is concerned — the routes, the accessible names of fields,
 * buttons, headings, links and the task list, and the texts of the messages, as patterns.
 *
 * The specs find every element by accessible role + name, label or text (never a CSS class or a
 * test id) and take each of those names from the profile, so the same spec files drive any frontend
 * that has the same flows: ours (`REACT_APP_PROFILE`), the Next.js example (`NEXTJS_EXAMPLE_PROFILE`),
 * or a team's own app through a partial profile in its config file (`mergeFrontendProfile`).
 *
 * Matching, as Playwright does it:
 * - a string matches case-insensitively as a substring, whitespace normalized (`'Sign in'` also
 *   matches "Sign in with GitHub": use a RegExp such as `/^Sign in$/` when that is ambiguous);
 * - a RegExp matches as it is;
 * - in a config file (JSON), a RegExp is written `{ "regex": "^Sign in$", "flags": "i" }`.
 * Templates (`{title}`, `{taskId}`, `{userId}`) are strings; the spec fills them in.
 */

/** A name or a text, matched as Playwright matches names and text (see the module's comment). */
export type TextPattern = string | RegExp

/** A RegExp as a JSON config file can write it. */
export interface RegexSource {
  regex: string
  flags?: string
}

/** How one control of a task row is found: its role, and its name with `{title}` in it. */
export interface RowControl<Role extends string> {
  role: Role
  /** Accessible name template; `{title}` is the task's title. */
  name: string
}

export interface FrontendProfile {
  /** Shown in test titles and reports. */
  name: string
  routes: {
    /** The sign-in page. */
    signIn: string
    /** The sign-up page. */
    signUp: string
    /** The signed-in user's task list (a protected page). */
    taskList: string
    /** One task's page; `{taskId}` is the task's id. */
    task: string
    /** Another user's task list as a shared link opens it; `{userId}`. Absent: UI-009 is skipped. */
    userTasks?: string
    /** Query parameter that keeps the destination on the way to sign-in (`/sign-in?next=/tasks`). */
    nextParam: string
  }
  /** Where Better Auth is mounted (its `/token`, `/sign-in/email`, `/get-session` endpoints). */
  authBasePath: string
  /** Form field labels. */
  fields: {
    name: TextPattern
    email: TextPattern
    password: TextPattern
    title: TextPattern
    description: TextPattern
  }
  /** Button names. */
  buttons: {
    signIn: TextPattern
    signUp: TextPattern
    signOut: TextPattern
    addTask: TextPattern
    save: TextPattern
    refresh: TextPattern
    retry: TextPattern
    /** Marks every open task done at once (UI-013's simultaneous requests). Absent: UI-013 is skipped. */
    markAllDone?: TextPattern
  }
  /** Heading names. */
  headings: {
    signIn: TextPattern
    taskList: TextPattern
  }
  /** Link names. */
  links: {
    backToTasks: TextPattern
  }
  /** The task list and the controls of one row. */
  taskList: {
    /** Accessible name of the list (role `list`). */
    name: TextPattern
    /** Toggles completion; its checked state is the task's. */
    toggle: RowControl<'checkbox' | 'switch'>
    /** Opens the task's page. */
    open: RowControl<'link' | 'button'>
    /** Deletes the task. */
    delete: RowControl<'button' | 'link'>
  }
  /** Texts the user is shown, as patterns. */
  messages: {
    /** After a 401 the app sent the user to sign-in (an alert there). */
    sessionExpired: TextPattern
    /** Every refused sign-in, the same for an unknown email and a wrong password (an alert). */
    invalidCredentials: TextPattern
    /** A 403 (an alert). */
    forbidden: TextPattern
    /** A 404 for a task (a heading or an alert). */
    notFound: TextPattern
    /** A network failure (an alert, with the Retry button). */
    offline: TextPattern
    /** Sign-up's refusal of a short password, next to the field (its accessible description). */
    passwordTooShort: TextPattern
    /** A saved edit (a toast or notice). */
    taskSaved: TextPattern
    /** The empty task list. */
    emptyList: TextPattern
    /** The count of a list holding one task. Absent: the count is not checked. */
    oneTask?: TextPattern
  }
}

/** A partial profile as a config file gives it: any key may be left out; RegExps may be `RegexSource`s; `null` drops an optional key. */
export type FrontendProfileInput = {
  [K in keyof FrontendProfile]?: FrontendProfile[K] extends string ? string : PartialSection<FrontendProfile[K]>
} & { extends?: FrontendProfileName }

type PartialSection<T> = {
  [K in keyof T]?: T[K] extends TextPattern | undefined
    ? TextPattern | RegexSource | (undefined extends T[K] ? null : never)
    : T[K] extends object
      ? Partial<T[K]>
      : T[K] | (undefined extends T[K] ? null : never)
}

/** Our React app (web/app). */
export const REACT_APP_PROFILE: FrontendProfile = {
  name: 'react-app',
  routes: {
    signIn: '/sign-in',
    signUp: '/sign-up',
    taskList: '/tasks',
    task: '/tasks/{taskId}',
    userTasks: '/users/{userId}/tasks',
    nextParam: 'next',
  },
  authBasePath: '/api/auth',
  fields: { name: 'Name', email: 'Email', password: 'Password', title: 'Title', description: 'Description' },
  buttons: {
    signIn: 'Sign in',
    signUp: 'Sign up',
    signOut: 'Sign out',
    addTask: 'Add task',
    save: 'Save',
    refresh: 'Refresh',
    retry: 'Retry',
    markAllDone: 'Mark all done',
  },
  headings: { signIn: 'Sign in', taskList: 'My tasks' },
  links: { backToTasks: 'Back to tasks' },
  taskList: {
    name: 'Tasks',
    toggle: { role: 'checkbox', name: '{title}' },
    open: { role: 'link', name: 'Open {title}' },
    delete: { role: 'button', name: 'Delete {title}' },
  },
  messages: {
    sessionExpired: /Your session expired/,
    invalidCredentials: /^Invalid email or password$/,
    forbidden: /You don't have permission/,
    notFound: /Task not found/,
    offline: /You appear to be offline/,
    passwordTooShort: /Password must be at least 8 characters/,
    taskSaved: /Task saved/,
    emptyList: /No tasks yet/,
    oneTask: /^1 task$/,
  },
}

/**
 * examples/nextjs-app (run against it by the `nextjs-mock` Playwright project, TCK_E2E_NEXTJS=1):
 * built with our names wherever it could, so the same routes (its `/users/{userId}/tasks` too),
 * labels and button names ("Mark all done" included) as ours; the texts of its lib/messages.ts.
 */
export const NEXTJS_EXAMPLE_PROFILE: FrontendProfile = {
  ...REACT_APP_PROFILE,
  name: 'nextjs-example',
  messages: {
    ...REACT_APP_PROFILE.messages,
    // lib/messages.ts: ERROR_TEXT.forbidden "You don't have permission to do that".
    forbidden: /You don['’]t have permission/,
    // The 404 of a task: its own page's heading, or ERROR_TEXT.notFound in an alert.
    notFound: /Task not found|That task no longer exists/,
  },
}

/** The built-in profiles, by name (`TCK_E2E_PROFILE`, a config file's `extends`). */
export const FRONTEND_PROFILES = { 'react-app': REACT_APP_PROFILE, 'nextjs-example': NEXTJS_EXAMPLE_PROFILE } as const

export type FrontendProfileName = keyof typeof FRONTEND_PROFILES

/** Every problem of a profile (or of a partial one), at once. */
export class FrontendProfileError extends Error {
  override readonly name = 'FrontendProfileError'
  constructor(readonly problems: readonly string[]) {
    super(`The frontend profile has ${problems.length} problem${problems.length === 1 ? '' : 's'}:\n${problems.map((p) => `  - ${p}`).join('\n')}`)
  }
}

/** The built-in profile `name`; throws with the known names otherwise. */
export function frontendProfile(name: string): FrontendProfile {
  const profile = (FRONTEND_PROFILES as Record<string, FrontendProfile>)[name]
  if (!profile) throw new FrontendProfileError([`unknown profile "${name}" (known: ${Object.keys(FRONTEND_PROFILES).join(', ')})`])
  return profile
}

/** Keys that may be absent (and that `null` removes in a partial profile); a spec using one skips or leaves out that step without it. */
export const FRONTEND_PROFILE_OPTIONAL_KEYS: ReadonlySet<string> = new Set(['routes.userTasks', 'buttons.markAllDone', 'messages.oneTask'])
const OPTIONAL_KEYS = FRONTEND_PROFILE_OPTIONAL_KEYS

/** Template keys and the placeholder each must contain. */
const TEMPLATES: Record<string, string> = {
  'routes.task': '{taskId}',
  'routes.userTasks': '{userId}',
  'taskList.toggle.name': '{title}',
  'taskList.open.name': '{title}',
  'taskList.delete.name': '{title}',
}

/** Keys holding one of a few fixed values. */
const CHOICES: Record<string, readonly string[]> = {
  'taskList.toggle.role': ['checkbox', 'switch'],
  'taskList.open.role': ['link', 'button'],
  'taskList.delete.role': ['button', 'link'],
}

/** Plain strings besides the routes: names of things that are not matched as text. */
const PLAIN_STRINGS = new Set(['name', 'authBasePath', 'routes.nextParam', ...Object.keys(TEMPLATES), ...Object.keys(CHOICES)])

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value) && !(value instanceof RegExp)

/**
 * `partial` over a base profile (its `extends`, else ours): every key is checked against the
 * profile's shape (unknown keys, wrong types, routes not starting with "/", templates without their
 * placeholder, invalid RegExps) and every problem is reported at once in a FrontendProfileError.
 */
export function mergeFrontendProfile(partial: unknown, base?: FrontendProfile): FrontendProfile {
  const problems: string[] = []
  if (!isRecord(partial)) throw new FrontendProfileError(['the profile must be an object'])
  let start = base ?? REACT_APP_PROFILE
  const { extends: parent, ...rest } = partial
  if (parent !== undefined) {
    if (typeof parent === 'string' && parent in FRONTEND_PROFILES) start = FRONTEND_PROFILES[parent as FrontendProfileName]
    else problems.push(`extends: must be one of ${Object.keys(FRONTEND_PROFILES).join(', ')}`)
  }
  const merged = mergeSection(start as unknown as Record<string, unknown>, rest, '', problems)
  problems.push(...validateFrontendProfile(merged))
  if (problems.length > 0) throw new FrontendProfileError([...new Set(problems)])
  return merged as unknown as FrontendProfile
}

function mergeSection(base: Record<string, unknown>, partial: Record<string, unknown>, prefix: string, problems: string[]): Record<string, unknown> {
  const out: Record<string, unknown> = { ...base }
  for (const [key, value] of Object.entries(partial)) {
    const path = prefix + key
    const shape = shapeAt(prefix)
    if (!(key in shape)) {
      problems.push(`${path}: unknown key`)
      continue
    }
    if (value === undefined) continue
    if (value === null) {
      if (OPTIONAL_KEYS.has(path)) delete out[key]
      else problems.push(`${path}: is required and cannot be null`)
      continue
    }
    if (isRecord(shape[key]) && !isRegexSource(value)) {
      if (!isRecord(value)) problems.push(`${path}: must be an object`)
      else out[key] = mergeSection(isRecord(base[key]) ? base[key] : {}, value, `${path}.`, problems)
      continue
    }
    if (!isRegexSource(value)) out[key] = value
    else {
      const regex = toRegExp(value, path, problems)
      if (regex) out[key] = regex
    }
  }
  return out
}

/** The profile's shape at `prefix` ("" or "taskList.toggle."): ours has every key, the optional ones too. */
function shapeAt(prefix: string): Record<string, unknown> {
  let node: unknown = REACT_APP_PROFILE
  for (const part of prefix.split('.').filter(Boolean)) node = isRecord(node) ? node[part] : undefined
  return isRecord(node) ? node : {}
}

function isRegexSource(value: unknown): value is RegexSource {
  return isRecord(value) && typeof value.regex === 'string' && Object.keys(value).every((k) => k === 'regex' || k === 'flags')
}

function toRegExp(source: RegexSource, path: string, problems: string[]): RegExp | undefined {
  try {
    return new RegExp(source.regex, source.flags ?? '')
  } catch (error) {
    problems.push(`${path}: invalid regex (${(error as Error).message})`)
    return undefined
  }
}

/** Every problem of a complete profile; empty when it is usable. */
export function validateFrontendProfile(profile: unknown): string[] {
  const problems: string[] = []
  walk(REACT_APP_PROFILE as unknown as Record<string, unknown>, profile, '', problems)
  return problems
}

function walk(shape: Record<string, unknown>, value: unknown, prefix: string, problems: string[]): void {
  if (!isRecord(value)) {
    problems.push(`${prefix.replace(/\.$/, '') || '(profile)'}: must be an object`)
    return
  }
  for (const key of Object.keys(value)) if (!(key in shape)) problems.push(`${prefix}${key}: unknown key`)
  for (const [key, expected] of Object.entries(shape)) {
    const path = prefix + key
    const actual = value[key]
    if (actual === undefined) {
      if (!OPTIONAL_KEYS.has(path)) problems.push(`${path}: missing`)
      continue
    }
    if (isRecord(expected)) {
      walk(expected, actual, `${path}.`, problems)
      continue
    }
    if (PLAIN_STRINGS.has(path) || path.startsWith('routes.')) {
      if (typeof actual !== 'string' || actual.trim() === '') {
        problems.push(`${path}: must be a non-empty string`)
        continue
      }
      const choices = CHOICES[path]
      if (choices && !choices.includes(actual)) problems.push(`${path}: must be one of ${choices.join(', ')} (got "${actual}")`)
      const placeholder = TEMPLATES[path]
      if (placeholder && !actual.includes(placeholder)) problems.push(`${path}: must contain ${placeholder}`)
      if (path.startsWith('routes.') && path !== 'routes.nextParam' && !actual.startsWith('/')) problems.push(`${path}: must start with "/"`)
      if (path === 'authBasePath' && !actual.startsWith('/')) problems.push(`${path}: must start with "/"`)
      continue
    }
    if (!(actual instanceof RegExp) && (typeof actual !== 'string' || actual.trim() === '')) problems.push(`${path}: must be a non-empty string or a RegExp`)
  }
}

/** `template` with each `{key}` replaced by its value. */
export function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole)
}

/**
 * A RegExp matching a whole path (or path + query) that starts with `route`: for `toHaveURL`.
 * `rest` is a RegExp source appended after the escaped route (default: end of the URL).
 */
export function routePattern(route: string, rest = '$'): RegExp {
  return new RegExp(`^[^/]*//[^/]+${escapeRegExp(route)}${rest}`)
}

/** `text` as a RegExp source matching it literally. */
export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** `pattern` as a RegExp with Playwright's string semantics kept (case-insensitive substring): for assertions taking only a RegExp's full power. */
export function patternRegExp(pattern: TextPattern): RegExp {
  return typeof pattern === 'string' ? new RegExp(escapeRegExp(pattern.trim()).replace(/\s+/g, '\\s+'), 'i') : pattern
}
