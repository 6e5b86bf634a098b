'use client'

import { useRouter } from 'next/navigation'
import { createContext, type ReactNode, useContext, useEffect } from 'react'
import { authClient } from '@/lib/auth-client'
import { ERROR_TEXT, nextQuery } from '@/lib/messages'

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
 * The guard of the protected routes (a client layout: the session lives in Better Auth's cookie,
 * read through `useSession()`): "Loading…" while it loads, `/sign-in?next=<this page>` without a
 * session, and an alert with Retry when the session could not be checked at all (network, 5xx).
 */
export function RequireSession(props: { children: ReactNode }) {
  const session = authClient.useSession()
  const router = useRouter()
  const status = (session.error as { status?: number } | null)?.status
  const signedOut = !session.isPending && !session.data && (!session.error || status === 401)

  useEffect(() => {
    if (signedOut) router.replace(`/sign-in?${nextQuery(window.location.pathname + window.location.search)}`)
  }, [signedOut, router])

  if (session.isPending || signedOut) return <p role="status">Loading…</p>
  if (!session.data) {
    return (
      <div role="alert" className="alert">
        <span>{status === undefined ? ERROR_TEXT.offline : ERROR_TEXT.server}</span>
        <button type="button" onClick={() => void session.refetch()}>
          Retry
        </button>
      </div>
    )
  }
  const { id, email, name } = session.data.user
  return <UserContext.Provider value={{ id, email, name }}>{props.children}</UserContext.Provider>
}
