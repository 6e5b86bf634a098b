// BROKEN ON PURPOSE (UI-004): a lost session goes to sign-in without `next` (marked below).
'use client'

import { useRouter } from 'next/navigation'
import { createContext, type ReactNode, useContext, useEffect, useRef, useState } from 'react'
import { toast, Toaster } from 'sonner'
import { type ApiClient, createApiClient } from 'tasks-tck/client'
import { authClient, getToken } from './auth-client'
import { ERROR_TEXT } from './messages'

const ApiContext = createContext<ApiClient | undefined>(undefined)

/** The app's one API client; only inside {@link Providers}. */
export function useApi(): ApiClient {
  const api = useContext(ApiContext)
  if (!api) throw new Error('useApi() must be used inside <Providers>')
  return api
}

/**
 * Mock mode only: the package's MSW worker answers Better Auth (`/api/auth/*`: sign-up, sign-in,
 * session, JWT, JWKS) and the Task API in the page. Resolves once the worker controls the page, so
 * the first `get-session` is already the mock's.
 */
const startMock =
  // Inlined by Next at build time: in the real build this is `undefined`, and the mock is not bundled.
  process.env.NEXT_PUBLIC_API_MOCK === '1'
    ? async (): Promise<void> => {
        const { startMockWorker } = await import('tasks-tck/msw/browser')
        await startMockWorker({
          // The Task API at the page's origin (NEXT_PUBLIC_API_URL unset), where the worker answers it.
          baseUrl: window.location.origin,
          betterAuth: {
            // Accounts, session and tasks survive a reload (key `tck-mock-state`).
            storage: window.localStorage,
            // A ready-made account to sign in with; a fresh sign-up starts with an empty list.
            accounts: [{ id: 'user_demo', email: 'demo@example.com', password: 'demo-password', name: 'Demo' }],
          },
          // Faker tasks for the demo account (applied once, not over a restored state).
          seed: { users: ['user_demo'], perUser: 3 },
          // `window.tckMock`: scenarios (latency, offline, errors) and the auth controls, for tests and the console.
          exposeOnWindow: true,
          start: { serviceWorker: { url: '/mockServiceWorker.js' }, onUnhandledRequest: 'bypass', quiet: true },
        })
        document.documentElement.dataset.tckMock = 'ready'
      }
    : undefined

/**
 * The client side of the app: the mock worker first (mock mode), the API client with
 * `getToken` from Better Auth's `authClient.token()`, and the toasts. A lost session (a 401 a
 * token refresh did not cure, or no token at all) drops the tokens, says so, and goes to sign-in
 * keeping the page to come back to in `next`.
 */
export function Providers(props: { children: ReactNode }) {
  const [state, setState] = useState<'starting' | 'ready' | 'failed'>(startMock ? 'starting' : 'ready')
  const router = useRouter()
  const current = useRef({ router, leaving: false })
  current.current.router = router
  const api = useRef<ApiClient | undefined>(undefined)
  if (!api.current) {
    const client: ApiClient = createApiClient({
      baseUrl: (process.env.NEXT_PUBLIC_API_URL || (typeof window === 'undefined' ? 'http://localhost' : window.location.origin)).replace(/\/+$/, ''),
      getToken,
      onUnauthorized: () => {
        client.tokens.clear()
        const { pathname } = window.location
        // N requests failing together call this N times: only the first one navigates.
        if (current.current.leaving || pathname === '/sign-in' || pathname === '/sign-up') return
        current.current.leaving = true
        setTimeout(() => {
          current.current.leaving = false
        }, 1000)
        toast.error(ERROR_TEXT.expired, { id: 'session-expired' })
        // BROKEN ON PURPOSE (UI-004): sign-in without `next=<page>`, so after signing in again the user
        // lands on /tasks instead of the page the session expired on (an edit form, a shared list):
        // the destination intent is lost. The good app sends `&next=${encodeURIComponent(pathname + search)}`.
        current.current.router.replace('/sign-in?reason=expired')
        authClient.signOut().catch(() => {})
      },
    })
    api.current = client
  }

  useEffect(() => {
    if (!startMock) return
    startMock().then(
      () => setState('ready'),
      (error: unknown) => {
        document.documentElement.dataset.tckMock = 'error'
        console.error(error)
        setState('failed')
      },
    )
  }, [])

  return (
    <ApiContext.Provider value={api.current}>
      {state === 'ready' && props.children}
      {state === 'starting' && <p role="status">Loading…</p>}
      {state === 'failed' && (
        <p role="alert" className="alert">
          The app could not start. Please reload the page.
        </p>
      )}
      <Toaster position="bottom-right" richColors closeButton />
    </ApiContext.Provider>
  )
}
