import { useState } from 'react'
import { Link, useNavigate } from 'react-router'
import { toast } from 'sonner'
import { useAppServices } from '../app-services.tsx'

/**
 * The top bar: the app name, and while signed in the user's email with "Sign out". Signing out
 * ends the Better Auth session, drops the cached JWT and goes to sign-in.
 */
export function AppHeader() {
  const { authClient, api } = useAppServices()
  const session = authClient.useSession()
  const navigate = useNavigate()
  const [pending, setPending] = useState(false)

  const signOut = async () => {
    setPending(true)
    try {
      const { error } = await authClient.signOut()
      if (error) throw new Error(`sign-out answered ${error.status}`)
    } catch {
      toast.error('Could not sign out. Check your connection and try again.')
      return
    } finally {
      setPending(false)
    }
    api.tokens.clear()
    toast.success('Signed out')
    navigate('/sign-in')
  }

  return (
    <header className="app-header">
      <Link to="/tasks" className="brand">
        Evo-TODO
      </Link>
      {session.data && (
        <div className="account">
          <span data-testid="user-email">{session.data.user.email}</span>
          <button type="button" onClick={() => void signOut()} disabled={pending} aria-busy={pending}>
            Sign out
          </button>
        </div>
      )}
    </header>
  )
}
