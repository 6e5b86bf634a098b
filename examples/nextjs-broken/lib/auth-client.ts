// BROKEN ON PURPOSE (UI-016): getToken keeps the JWT in localStorage (marked below).
import { jwtClient } from 'better-auth/client/plugins'
import { createAuthClient } from 'better-auth/react'

/**
 * Better Auth at the page's own origin (`app/api/auth/[...all]`, or the mock worker in mock mode),
 * so the session cookie is first-party. `jwtClient()` adds `token()`: `{ data: { token } }`.
 */
export const authClient = createAuthClient({ plugins: [jwtClient()] })

/**
 * The API client's `getToken`: a fresh JWT for the session, or `null` without a session (401/403),
 * which makes the client call `onUnauthorized`. A network or 5xx failure throws instead, so a
 * flaky network is reported as "offline" rather than signing the user out.
 */
export async function getToken(): Promise<string | null> {
  const { data, error } = await authClient.token()
  if (data?.token) {
    // BROKEN ON PURPOSE (UI-016): the JWT is written to localStorage "so a reload or another tab can
    // reuse it". Any script on the origin (an XSS, a compromised dependency) can read and exfiltrate it;
    // the token must live only in memory (the API client's cache) and be fetched again after a reload.
    window.localStorage.setItem('evo-todo.jwt', data.token)
    return data.token
  }
  if (!error || error.status === 401 || error.status === 403) return null
  throw new Error(`The token endpoint answered ${error.status}`)
}
