'use client'

import Link from 'next/link'
import { useRouter } from 'next/navigation'
import { useState } from 'react'
import { toast } from 'sonner'
import { authClient } from '@/lib/auth-client'
import { useApi } from '@/lib/services'

/** The top bar: the app name, and while signed in the user's email with "Sign out". */
export function AppHeader() {
  const session = authClient.useSession()
  const api = useApi()
  const router = useRouter()
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
    router.push('/sign-in')
  }

  return (
    <header className="app-header">
      <Link href="/tasks" className="brand">
        Evo-TODO
      </Link>
      {session.data && (
        <div className="account">
          <span>{session.data.user.email}</span>
          <button type="button" onClick={() => void signOut()} disabled={pending} aria-busy={pending}>
            Sign out
          </button>
        </div>
      )}
    </header>
  )
}
