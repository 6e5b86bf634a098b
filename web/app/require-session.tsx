import { createContext, useContext } from 'react'
import { Navigate, Outlet, useLocation } from 'react-router'
import { useAppServices } from './app-services.tsx'
import { ERROR_TEXT } from './describe-error.ts'
import { nextQuery } from './safe-next-path.ts'

/** The signed-in user, as Better Auth's session has it. */
export interface SignedInUser {
  id: string
  email: string
  name: string
}

const UserContext = createContext<SignedInUser | undefined>(undefined)

/** The signed-in user; only inside {@link RequireSession}. */
export function useSignedInUser(): SignedInUser {
  const user = useContext(UserContext)
  if (!user) throw new Error('useSignedInUser() must be used inside <RequireSession>')
  return user
}

/**
 * Guards the protected routes: "Loading…" while Better Auth's session loads (the session cookie
 * makes it survive a reload), a redirect to `/sign-in?next=<this page>` without a session, and an
 * alert with Retry when the session could not be checked at all (network, 5xx) — that is not
 * "signed out", so the user is not sent away.
 */
export function RequireSession() {
  const { authClient } = useAppServices()
  const session = authClient.useSession()
  const location = useLocation()
  if (session.isPending) return <p role="status">Loading…</p>
  if (!session.data) {
    const status = (session.error as { status?: number } | null)?.status
    if (session.error && status !== 401) {
      return (
        <div role="alert" className="alert">
          <span>{status === undefined ? ERROR_TEXT.offline : ERROR_TEXT.server}</span>
          <button type="button" onClick={() => void session.refetch()}>
            Retry
          </button>
        </div>
      )
    }
    return <Navigate to={`/sign-in?${nextQuery(location.pathname + location.search)}`} replace />
  }
  const { id, email, name } = session.data.user
  return (
    <UserContext.Provider value={{ id, email, name }}>
      <Outlet />
    </UserContext.Provider>
  )
}
