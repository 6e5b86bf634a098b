'use client'

import Link from 'next/link'
import { useRouter, useSearchParams } from 'next/navigation'
import { type FormEvent, useState } from 'react'
import { toast } from 'sonner'
import { authClient } from '@/lib/auth-client'
import { AUTH_TEXT, type AuthFailure, nextQuery, safeNextPath, signInErrorText } from '@/lib/messages'
import { useApi } from '@/lib/services'
import { TextField } from './text-field'

/** `/sign-in`: email + password through Better Auth, then back to `next` (a local path only). */
export function SignInForm() {
  const api = useApi()
  const session = authClient.useSession()
  const router = useRouter()
  const params = useSearchParams()
  const next = params.get('next')
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [error, setError] = useState<string | undefined>()
  const [pending, setPending] = useState(false)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setPending(true)
    setError(undefined)
    let failure: AuthFailure
    try {
      failure = (await authClient.signIn.email({ email: email.trim(), password })).error
    } catch {
      failure = {}
    }
    if (failure) {
      setPending(false)
      setError(signInErrorText(failure))
      return
    }
    // A token cached for a previous user must not be sent for this one.
    api.tokens.clear()
    await session.refetch()
    setPending(false)
    toast.success('Signed in')
    router.replace(safeNextPath(next))
  }

  const query = nextQuery(next)
  return (
    <main className="auth-page">
      <h1>Sign in</h1>
      {params.get('reason') === 'expired' && !error && (
        <p role="alert" className="alert">
          {AUTH_TEXT.expired}
        </p>
      )}
      {error && (
        <p role="alert" className="alert" id="sign-in-error">
          {error}
        </p>
      )}
      <form onSubmit={(event) => void submit(event)} noValidate>
        <TextField id="email" label="Email" type="email" autoComplete="email" value={email} onChange={setEmail} />
        <TextField id="password" label="Password" type="password" autoComplete="current-password" value={password} onChange={setPassword} />
        <button type="submit" disabled={pending} aria-busy={pending}>
          Sign in
        </button>
      </form>
      <p>
        No account yet? <Link href={`/sign-up${query ? `?${query}` : ''}`}>Create an account</Link>
      </p>
    </main>
  )
}
