import { createContext, useContext, useRef, type ReactNode } from 'react'
import { useLocation, useNavigate } from 'react-router'
import { toast } from 'sonner'
import { createApiClient, type ApiClient } from '../api-client/index.ts'
import type { ResolvedAppConfig } from './app-config.ts'
import { tokenGetter, type AppAuthClient } from './auth-client.ts'
import { ERROR_TEXT } from './describe-error.ts'

/** The app's long-lived objects: one auth client, one API client. */
export interface AppServices {
  authClient: AppAuthClient
  api: ApiClient
  config: ResolvedAppConfig
}

const ServicesContext = createContext<AppServices | undefined>(undefined)

/** The services of {@link AppServicesProvider}. */
export function useAppServices(): AppServices {
  const services = useContext(ServicesContext)
  if (!services) throw new Error('useAppServices() must be used inside <AppServicesProvider>')
  return services
}

/**
 * Creates the one API client (inside the router, because a lost session navigates to sign-in).
 * Its `onUnauthorized` runs when the session is gone (a 401 a token refresh did not cure, or no
 * token at all): tokens are dropped, the session is ended locally, and the user is sent to
 * sign-in with `reason=expired` and the page to come back to.
 */
export function AppServicesProvider(props: { authClient: AppAuthClient; config: ResolvedAppConfig; children: ReactNode }) {
  const navigate = useNavigate()
  const location = useLocation()
  // The client lives for the whole app; the callback reads the current route through refs.
  const current = useRef({ navigate, path: { pathname: location.pathname, search: location.search } })
  current.current = { navigate, path: { pathname: location.pathname, search: location.search } }
  const services = useRef<AppServices | undefined>(undefined)
  if (!services.current) {
    const { authClient, config } = props
    const api: ApiClient = createApiClient({
      baseUrl: config.apiBaseUrl,
      getToken: tokenGetter(authClient),
      refreshMarginSeconds: config.refreshMarginSeconds,
      ...(config.logRequests && { logger: (line: string) => console.debug(`[api] ${line}`) }),
      onUnauthorized: () => {
        api.tokens.clear()
        const { pathname, search } = current.current.path
        // N requests failing together call this N times: the first one navigates and records
        // where it went, so the others (before the next render) see they are on sign-in already.
        if (pathname === '/sign-in' || pathname === '/sign-up') return
        current.current.path = { pathname: '/sign-in', search: '' }
        toast.error(ERROR_TEXT.expired, { id: 'session-expired' })
        current.current.navigate(`/sign-in?reason=expired&next=${encodeURIComponent(pathname + search)}`, { replace: true })
        // Ends the session cookie too (it may already be gone); this also clears useSession().
        authClient.signOut().catch(() => {})
      },
    })
    services.current = { authClient, api, config }
  }
  return <ServicesContext.Provider value={services.current}>{props.children}</ServicesContext.Provider>
}
