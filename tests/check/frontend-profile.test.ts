import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import {
  FRONTEND_PROFILE_OPTIONAL_KEYS,
  FRONTEND_PROFILES,
  type FrontendProfile,
  FrontendProfileError,
  fillTemplate,
  frontendProfile,
  mergeFrontendProfile,
  NEXTJS_EXAMPLE_PROFILE,
  patternRegExp,
  REACT_APP_PROFILE,
  routePattern,
  validateFrontendProfile,
} from '../../checklist/ui/frontend-profile.ts'

const UI_DIR = join(import.meta.dirname, '..', '..', 'checklist', 'ui')

/** The problems of a merge that must fail. */
function mergeProblems(partial: unknown): readonly string[] {
  try {
    mergeFrontendProfile(partial)
  } catch (error) {
    expect(error).toBeInstanceOf(FrontendProfileError)
    return (error as FrontendProfileError).problems
  }
  throw new Error('the merge was accepted')
}

describe('the built-in frontend profiles', () => {
  it.each(Object.entries(FRONTEND_PROFILES))('%s is valid', (name, profile) => {
    expect(validateFrontendProfile(profile)).toEqual([])
    expect(frontendProfile(name)).toBe(profile)
  })

  it('an unknown profile name is refused with the known ones', () => {
    expect(() => frontendProfile('vue-app')).toThrow(/unknown profile "vue-app" \(known: react-app, nextjs-example\)/)
  })

  it("ours matches our app's words (web/app): the message patterns against its texts", async () => {
    const { AUTH_TEXT } = await import('../../web/app/auth-errors.ts')
    const { ERROR_TEXT } = await import('../../web/app/describe-error.ts')
    const m = REACT_APP_PROFILE.messages
    expect(AUTH_TEXT.expired).toMatch(patternRegExp(m.sessionExpired))
    expect(AUTH_TEXT.invalidCredentials).toMatch(patternRegExp(m.invalidCredentials))
    expect(AUTH_TEXT.passwordTooShort).toMatch(patternRegExp(m.passwordTooShort))
    expect(ERROR_TEXT.offline).toMatch(patternRegExp(m.offline))
    expect("You don't have permission to view these tasks").toMatch(patternRegExp(m.forbidden))
  })
})

describe('validateFrontendProfile', () => {
  it('reports every problem at once', () => {
    const broken = structuredClone(REACT_APP_PROFILE) as unknown as Record<string, Record<string, unknown>>
    delete broken.buttons!.save
    broken.fields!.email = ''
    broken.routes!.signIn = 'sign-in'
    broken.routes!.task = '/tasks/:id'
    broken.headings!.signIn = 42
    ;(broken.taskList!.toggle as Record<string, unknown>).role = 'button'
    broken.messages!.colour = /blue/
    // structuredClone keeps RegExps.
    expect(validateFrontendProfile(broken).sort()).toEqual(
      [
        'buttons.save: missing',
        'fields.email: must be a non-empty string or a RegExp',
        'routes.signIn: must start with "/"',
        'routes.task: must contain {taskId}',
        'headings.signIn: must be a non-empty string or a RegExp',
        'taskList.toggle.role: must be one of checkbox, switch (got "button")',
        'messages.colour: unknown key',
      ].sort(),
    )
  })

  it('optional keys may be absent, required sections may not', () => {
    const { userTasks: _, ...routes } = REACT_APP_PROFILE.routes
    expect(validateFrontendProfile({ ...REACT_APP_PROFILE, routes })).toEqual([])
    const { links: __, ...withoutLinks } = REACT_APP_PROFILE
    expect(validateFrontendProfile(withoutLinks)).toEqual(['links: missing'])
    expect(validateFrontendProfile({ ...REACT_APP_PROFILE, links: 'Back' })).toEqual(['links: must be an object'])
  })
})

describe('mergeFrontendProfile', () => {
  it('overrides only what the partial names, over ours by default', () => {
    const merged = mergeFrontendProfile({
      name: 'team-app',
      routes: { signIn: '/login', taskList: '/dashboard' },
      buttons: { signIn: { regex: '^Log in$', flags: 'i' } },
      messages: { offline: 'No connection' },
    })
    expect(merged.name).toBe('team-app')
    expect(merged.routes).toEqual({ ...REACT_APP_PROFILE.routes, signIn: '/login', taskList: '/dashboard' })
    expect(merged.buttons.signIn).toEqual(/^Log in$/i)
    expect(merged.buttons.signUp).toBe(REACT_APP_PROFILE.buttons.signUp)
    expect(merged.messages.offline).toBe('No connection')
    expect(merged.messages.forbidden).toBe(REACT_APP_PROFILE.messages.forbidden)
    // The base is not changed.
    expect(REACT_APP_PROFILE.routes.signIn).toBe('/sign-in')
  })

  it('extends a built-in profile, and null drops an optional key', () => {
    const merged = mergeFrontendProfile({ extends: 'nextjs-example', routes: { userTasks: null }, messages: { oneTask: null } })
    expect(merged.name).toBe(NEXTJS_EXAMPLE_PROFILE.name)
    expect(merged.messages.notFound).toBe(NEXTJS_EXAMPLE_PROFILE.messages.notFound)
    expect(merged.routes.userTasks).toBeUndefined()
    expect('oneTask' in merged.messages).toBe(false)
    expect(validateFrontendProfile(merged)).toEqual([])
  })

  it('a partial with no key at all is ours', () => {
    expect(mergeFrontendProfile({})).toEqual(REACT_APP_PROFILE)
  })

  it('reports every problem of a partial at once', () => {
    const problems = mergeProblems({
      extends: 'angular-app',
      routs: { signIn: '/login' },
      routes: { signIn: 'login', task: '/task', nextParam: null },
      fields: 'Email',
      buttons: { save: { regex: '(' } },
      taskList: { delete: { role: 'menuitem', name: 'Remove' } },
      messages: { offline: 7 },
    })
    expect(problems).toHaveLength(10)
    expect(problems).toEqual(
      expect.arrayContaining([
        'extends: must be one of react-app, nextjs-example',
        'routs: unknown key',
        'routes.signIn: must start with "/"',
        'routes.task: must contain {taskId}',
        'routes.nextParam: is required and cannot be null',
        'fields: must be an object',
        expect.stringMatching(/^buttons\.save: invalid regex \(/),
        'taskList.delete.role: must be one of button, link (got "menuitem")',
        'taskList.delete.name: must contain {title}',
        'messages.offline: must be a non-empty string or a RegExp',
      ]),
    )
  })

  it('refuses what is not an object', () => {
    expect(() => mergeFrontendProfile('react-app')).toThrow(FrontendProfileError)
    expect(() => mergeFrontendProfile(null)).toThrow('the profile must be an object')
  })
})

describe('helpers', () => {
  it('fillTemplate replaces known placeholders and keeps unknown ones', () => {
    expect(fillTemplate('/users/{userId}/tasks/{taskId}', { userId: 'u1' })).toBe('/users/u1/tasks/{taskId}')
  })

  it('routePattern matches the route after the origin, literally', () => {
    expect(routePattern('/tasks')).toEqual(expect.any(RegExp))
    expect('http://127.0.0.1:3000/tasks').toMatch(routePattern('/tasks'))
    expect('http://127.0.0.1:3000/tasks/1').not.toMatch(routePattern('/tasks'))
    expect('http://127.0.0.1:3000/sign-in?next=%2Ftasks').toMatch(routePattern('/sign-in', '\\?'))
    expect('http://h/a.b').toMatch(routePattern('/a.b'))
    expect('http://h/aXb').not.toMatch(routePattern('/a.b'))
  })

  it('patternRegExp keeps Playwright string semantics: case-insensitive substring', () => {
    expect('Please SIGN in now').toMatch(patternRegExp('sign in'))
    expect('Sign-in').not.toMatch(patternRegExp('sign in'))
    expect('a.b').toMatch(patternRegExp('a.b'))
    expect('aXb').not.toMatch(patternRegExp('a.b'))
  })
})

describe('the browser checklist (checklist/ui) reads the profile', () => {
  const files = readdirSync(UI_DIR, { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.ts'))
    .map((f) => ({ name: f.split('/').pop()!, text: readFileSync(join(UI_DIR, f), 'utf8') }))
  const specs = files.filter((f) => f.name.endsWith('.spec.ts') || f.name === 'app-actions.ts' || f.name === 'screen.ts')

  /** Profile paths the specs use: `ui.<section>('key')` calls and `profile.<a>.<b>` reads. */
  function usedPaths(): string[] {
    const sectionOf: Record<string, string> = {
      field: 'fields',
      button: 'buttons',
      heading: 'headings',
      link: 'links',
      alert: 'messages',
      text: 'messages',
      message: 'messages',
      url: 'routes',
      path: 'routes',
      at: 'routes',
    }
    const paths = new Set<string>()
    for (const { text } of specs) {
      for (const [, method, key] of text.matchAll(/\b(?:ui|second)\.(\w+)\('(\w+)'/g)) if (sectionOf[method!]) paths.add(`${sectionOf[method!]}.${key}`)
      for (const [, path] of text.matchAll(/(?<![\w-])profile\.(\w+(?:\.\w+)*)/g)) paths.add(path!)
    }
    return [...paths].sort()
  }

  const resolve = (profile: FrontendProfile, path: string) =>
    path.split('.').reduce<unknown>((node, key) => (node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined), profile)

  it('every key the specs use exists in ours, and in every built-in profile unless it is optional', () => {
    const paths = usedPaths()
    // The scan must find the specs' keys (a scan finding nothing would prove nothing).
    expect(paths).toEqual(expect.arrayContaining(['fields.email', 'buttons.signIn', 'routes.signIn', 'messages.sessionExpired', 'routes.nextParam']))
    expect(paths.length).toBeGreaterThan(25)
    expect(
      paths.filter((path) => resolve(REACT_APP_PROFILE, path) === undefined),
      'keys the specs use that ours lacks',
    ).toEqual([])
    for (const [name, profile] of Object.entries(FRONTEND_PROFILES)) {
      const missing = paths.filter((path) => resolve(profile, path) === undefined && !FRONTEND_PROFILE_OPTIONAL_KEYS.has(path))
      expect(missing, `keys the specs use that ${name} lacks`).toEqual([])
    }
  })

  it('no spec finds an element by CSS class, id or test id, nor names a route or a text of our app', () => {
    for (const { name, text } of specs) {
      expect(text, name).not.toMatch(/getByTestId|\.locator\(|\$\(|data-testid/)
      // Routes and our app's words come from the profile.
      expect(text, name).not.toMatch(/'\/(sign-in|sign-up|tasks|users)(?!\/email')|\/api\/auth|'(My tasks|Sign in|Sign up|Save|Add task|Tasks)'/)
    }
  })
})
