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
  if (data?.token) return data.token
  if (!error || error.status === 401 || error.status === 403) return null
  throw new Error(`The token endpoint answered ${error.status}`)
}
