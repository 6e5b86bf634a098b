/**
 * The runtime configuration of the web app, set by `/app-config.js` before the bundle runs:
 * `window.__TCK_CONFIG__ = {...}`. One bundle serves every deployment; only this script differs
 * (generated per request by the real-mode server, written as a static file by the mock build).
 */

/** What `/app-config.js` sets as `window.__TCK_CONFIG__`. */
export interface AppConfig {
  /** `real`: Better Auth and the Task API are real servers; `mock`: an MSW worker answers both. */
  mode: 'real' | 'mock'
  /** Origin (and optional prefix) of the Task API; `''` means the page's own origin. */
  apiBaseUrl: string
  /** Seconds before `exp` at which the API client refreshes a cached token. Default 60. */
  refreshMarginSeconds?: number
  /** Log every API request (`METHOD /path → status (ms)`, never a token) with console.debug. */
  logRequests?: boolean
}

/** The configuration with every default filled in. */
export type ResolvedAppConfig = Required<AppConfig>

declare global {
  interface Window {
    __TCK_CONFIG__?: AppConfig
  }
}

/**
 * The JavaScript text of `/app-config.js` for `config`. Safe to inline in a `<script>` element too:
 * `<` is escaped (so no `</script>` or `<!--` can appear) and so are U+2028/U+2029.
 */
export function appConfigScript(config: AppConfig): string {
  const json = JSON.stringify(config)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029')
  return `window.__TCK_CONFIG__ = ${json};\n`
}

/** Thrown when `window.__TCK_CONFIG__` is missing or invalid; the app shows the message. */
export class AppConfigError extends Error {
  override readonly name = 'AppConfigError'
}

/**
 * Validates `raw` (normally `window.__TCK_CONFIG__`) and fills in defaults; an empty `apiBaseUrl`
 * becomes `origin`. @throws AppConfigError with a message fit for the page.
 */
export function resolveAppConfig(raw: unknown, origin: string): ResolvedAppConfig {
  if (typeof raw !== 'object' || raw === null) {
    throw new AppConfigError('The app configuration is missing: /app-config.js must set window.__TCK_CONFIG__ before the app loads.')
  }
  const config = raw as Partial<Record<keyof AppConfig, unknown>>
  if (config.mode !== 'real' && config.mode !== 'mock') throw new AppConfigError('App configuration: mode must be "real" or "mock".')
  if (typeof config.apiBaseUrl !== 'string') throw new AppConfigError('App configuration: apiBaseUrl must be a string.')
  const margin = config.refreshMarginSeconds ?? 60
  if (typeof margin !== 'number' || !Number.isFinite(margin) || margin < 0) {
    throw new AppConfigError('App configuration: refreshMarginSeconds must be a number of seconds (0 or more).')
  }
  return {
    mode: config.mode,
    apiBaseUrl: (config.apiBaseUrl.trim() || origin).replace(/\/+$/, ''),
    refreshMarginSeconds: margin,
    logRequests: config.logRequests === true,
  }
}
