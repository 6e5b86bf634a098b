/**
 * The security headers of every response serving the web app (F13): the page, its assets and the
 * mock's service worker, in real mode (`tck start`) and mock mode (`tck web --mock`).
 */

/** Options of {@link webAppSecurityHeaders}. */
export interface WebAppSecurityOptions {
  /** `real` (Better Auth and the Task API are servers) or `mock` (an MSW worker in the page answers both). */
  mode: 'real' | 'mock'
  /**
   * Origins the page calls besides its own, e.g. the Task API's `http://localhost:8000` (real mode).
   * Better Auth is served at the page's own origin, which `'self'` covers. Default none.
   */
  connectOrigins?: readonly string[]
}

/**
 * The Content-Security-Policy the app's bundle runs under with no violation (tests/web-app/
 * web-app-csp.test.ts loads it in Chromium in both modes and counts them):
 * - scripts only from the origin (`/app-config.js` and the bundle are files, nothing inline), so an
 *   injected `<script>` or `javascript:` URL does not run. The mock build alone needs `'unsafe-eval'`:
 *   Ajv, which validates requests against the contract in the page, compiles schemas with
 *   `new Function`; the real build contains no eval (no Ajv, no mock code).
 * - `style-src 'unsafe-inline'`: index.html's `<style>` and the toast library's injected stylesheet
 *   (sonner inserts one at run time). Styles cannot run script; hashes would break on every edit of either.
 * - `connect-src`: the origin (Better Auth, and every call in mock mode) plus `connectOrigins` (the API).
 * - `img-src data:`: the blank `data:` favicon. `worker-src 'self'`: the MSW service worker.
 * - no plugins, no `<base>` elsewhere, forms post to the origin only, and no framing (clickjacking).
 */
export function webAppContentSecurityPolicy(options: WebAppSecurityOptions): string {
  const directives: Record<string, string[]> = {
    'default-src': ["'self'"],
    'script-src': ["'self'", ...(options.mode === 'mock' ? ["'unsafe-eval'"] : [])],
    'style-src': ["'self'", "'unsafe-inline'"],
    'img-src': ["'self'", 'data:'],
    'connect-src': ["'self'", ...new Set((options.connectOrigins ?? []).map((url) => new URL(url).origin))],
    'worker-src': ["'self'"],
    'object-src': ["'none'"],
    'base-uri': ["'self'"],
    'form-action': ["'self'"],
    'frame-ancestors': ["'none'"],
  }
  return Object.entries(directives)
    .map(([name, values]) => `${name} ${values.join(' ')}`)
    .join('; ')
}

/**
 * The headers to add to every web app response: the CSP above, `X-Frame-Options: DENY` (the same as
 * `frame-ancestors 'none'`, for browsers without CSP 2), `X-Content-Type-Options: nosniff`, and
 * `Referrer-Policy: same-origin`: no Referer to any other origin (the API included), as with
 * `no-referrer`, but the page's own POSTs keep their real `Origin`. Under `no-referrer` browsers send
 * `Origin: null` there (Fetch standard), and Better Auth's CSRF check then accepts sign-in and
 * sign-out only through its `Sec-Fetch-Site: same-origin` fallback, which older browsers lack.
 */
export function webAppSecurityHeaders(options: WebAppSecurityOptions): Record<string, string> {
  return {
    'content-security-policy': webAppContentSecurityPolicy(options),
    'x-frame-options': 'DENY',
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'same-origin',
  }
}
