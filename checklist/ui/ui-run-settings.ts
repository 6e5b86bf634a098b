/**
 * What one run of the browser checklist is pointed at, carried from `tck ui` (or this repository's
 * Playwright config) to Playwright's workers through the environment: workers are separate
 * processes that inherit it, and a global setup can fill it in after it started a stack.
 */
import { type FrontendProfileInput, type FrontendProfileName, FRONTEND_PROFILES } from './frontend-profile.ts'

/** The environment names; `tck ui` writes them, the fixtures in ui-test.ts read them. */
export const UI_ENV = {
  url: 'TCK_UI_URL',
  apiUrl: 'TCK_UI_API_URL',
  mock: 'TCK_UI_MOCK',
  tokenTtlSeconds: 'TCK_UI_TOKEN_TTL',
  profile: 'TCK_UI_PROFILE',
} as const

/** Environment `tck ui` adds for the runner itself (ui-playwright.config.ts reads it). */
export const UI_RUNNER_ENV = { browser: 'TCK_UI_BROWSER', reportDir: 'TCK_UI_REPORT_DIR', workers: 'TCK_UI_WORKERS', trace: 'TCK_UI_TRACE' } as const

export interface UiRunSettings {
  /** Origin (or base URL) of the frontend under test, e.g. `https://staging.example.com`. */
  url: string
  /** Origin of the Task API when it is known: UI-007 then requires the app's calls to go there. */
  apiUrl?: string
  /** The frontend is a mock build exposing `window.tckMock` (`startMockWorker({ exposeOnWindow: true })`). */
  mock: boolean
  /** Lifetime of the frontend's JWTs, seconds, when short enough to wait out (expiry items need it, or `mock`). */
  tokenTtlSeconds?: number
  /** A built-in profile's name, or a partial profile over one (`extends`), as the config file gives it. */
  profile: FrontendProfileName | FrontendProfileInput
}

/** An absolute http(s) URL with a host. */
export const isHttpUrl = (value: string): boolean => /^https?:\/\/[^/]/.test(value) && URL.canParse(value)

/** Longest `tokenTtlSeconds` accepted: each expiry item waits it out (twice for UI-004). */
export const MAX_TOKEN_TTL_SECONDS = 300

/** The settings as environment variables (RegExps in a profile become `{ regex, flags }`). */
export function uiRunEnv(settings: UiRunSettings): Record<string, string> {
  const env: Record<string, string> = { [UI_ENV.url]: settings.url, [UI_ENV.mock]: settings.mock ? '1' : '0' }
  if (settings.apiUrl) env[UI_ENV.apiUrl] = settings.apiUrl
  if (settings.tokenTtlSeconds !== undefined) env[UI_ENV.tokenTtlSeconds] = String(settings.tokenTtlSeconds)
  env[UI_ENV.profile] =
    typeof settings.profile === 'string'
      ? settings.profile
      : JSON.stringify(settings.profile, (_key, value: unknown) => (value instanceof RegExp ? { regex: value.source, flags: value.flags } : value))
  return env
}

/** Reads the settings back; every problem at once. `url` may be missing (a project naming its own variable). */
export function readUiRunSettings(env: NodeJS.ProcessEnv): { settings?: Omit<UiRunSettings, 'url'> & { url?: string }; problems: string[] } {
  const problems: string[] = []
  const url = env[UI_ENV.url]?.trim() || undefined
  if (url !== undefined && !isHttpUrl(url)) problems.push(`${UI_ENV.url}: "${url}" is not an http(s) URL`)
  const apiUrl = env[UI_ENV.apiUrl]?.trim() || undefined
  if (apiUrl !== undefined && !isHttpUrl(apiUrl)) problems.push(`${UI_ENV.apiUrl}: "${apiUrl}" is not an http(s) URL`)
  const ttlText = env[UI_ENV.tokenTtlSeconds]?.trim()
  let tokenTtlSeconds: number | undefined
  if (ttlText) {
    tokenTtlSeconds = Number(ttlText)
    if (!Number.isInteger(tokenTtlSeconds) || tokenTtlSeconds < 1 || tokenTtlSeconds > MAX_TOKEN_TTL_SECONDS)
      problems.push(`${UI_ENV.tokenTtlSeconds}: "${ttlText}" is not a whole number of seconds from 1 to ${MAX_TOKEN_TTL_SECONDS}`)
  }
  const profileText = env[UI_ENV.profile]?.trim() || 'react-app'
  let profile: UiRunSettings['profile'] = 'react-app'
  if (profileText.startsWith('{')) {
    try {
      profile = JSON.parse(profileText) as FrontendProfileInput
    } catch {
      problems.push(`${UI_ENV.profile}: not valid JSON`)
    }
  } else if (profileText in FRONTEND_PROFILES) profile = profileText as FrontendProfileName
  else problems.push(`${UI_ENV.profile}: unknown profile "${profileText}" (known: ${Object.keys(FRONTEND_PROFILES).join(', ')}; or a JSON profile)`)
  if (problems.length > 0) return { problems }
  return { settings: { url, apiUrl, mock: env[UI_ENV.mock] === '1', tokenTtlSeconds, profile }, problems }
}
