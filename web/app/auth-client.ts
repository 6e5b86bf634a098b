import { jwtClient } from 'better-auth/client/plugins'
import { createAuthClient } from 'better-auth/react'

/**
 * The Better Auth client of the app: Better Auth is served at the page's own origin
 * (`/api/auth/*`, by the real server or by the mock worker), so its session cookie is first-party.
 * `jwtClient()` adds the JWT plugin's endpoints; `token()` returns `{ data: { token } }`.
 */
export function createAppAuthClient(origin: string) {
  return createAuthClient({ baseURL: origin, plugins: [jwtClient()] })
}

/** The app's Better Auth client. */
export type AppAuthClient = ReturnType<typeof createAppAuthClient>

/**
 * The API client's `getToken`: a fresh JWT for the session, or `null` when there is no session
 * (401/403), which makes the API client call `onUnauthorized`. Any other failure (network, 5xx)
 * throws, so a flaky network is reported as such instead of signing the user out.
 */
export function tokenGetter(authClient: AppAuthClient): () => Promise<string | null> {
  return async () => {
    const { data, error } = await authClient.token()
    if (data?.token) return data.token
    if (!error || error.status === 401 || error.status === 403) return null
    throw new Error(`The token endpoint answered ${error.status}`)
  }
}
