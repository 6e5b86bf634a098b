'use client'

import Link from 'next/link'
import { useRouter, useSearchParams } from 'next/navigation'
import { type FormEvent, useState } from 'react'
import { toast } from 'sonner'
import { authClient } from '@/lib/auth-client'
import { type AuthFailure, nextQuery, safeNextPath, signUpError } from '@/lib/messages'
import { useApi } from '@/lib/services'
import { TextField } from './text-field'

/** `/sign-up`: creates a Better Auth account (which also signs in), then goes to `next`. */
export function SignUpForm() {
  const api = useApi()
  const session = authClient.useSession()
  const router = useRouter()
  const params = useSearchParams()
  const next = params.get('next')
  const [name, setName] = useState('')
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [fieldErrors, setFieldErrors] = useState<Partial<Record<'email' | 'password', string>>>({})
  const [formError, setFormError] = useState<string | undefined>()
  const [pending, setPending] = useState(false)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setPending(true)
    setFieldErrors({})
    setFormError(undefined)
    let failure: AuthFailure
    try {
      failure = (await authClient.signUp.email({ name: name.trim(), email: email.trim(), password })).error
    } catch {
      failure = {}
    }
    if (failure) {
      setPending(false)
      const errors = signUpError(failure)
      setFieldErrors(errors.fieldErrors)
      setFormError(errors.formError)
      return
    }
    api.tokens.clear()
    await session.refetch()
    setPending(false)
    toast.success('Account created')
    router.replace(safeNextPath(next))
  }

  const query = nextQuery(next)
  return (
    <main className="auth-page">
      <h1>Create account</h1>
      {formError && (
        <p role="alert" className="alert" id="sign-up-error">
          {formError}
        </p>
      )}
      <form onSubmit={(event) => void submit(event)} noValidate>
        <TextField id="name" label="Name" autoComplete="name" value={name} onChange={setName} />
        <TextField id="email" label="Email" type="email" autoComplete="email" value={email} onChange={setEmail} error={fieldErrors.email} />
        <TextField
          id="password"
          label="Password"
          type="password"
          autoComplete="new-password"
          value={password}
          onChange={setPassword}
          error={fieldErrors.password}
        />
        <button type="submit" disabled={pending} aria-busy={pending}>
          Sign up
        </button>
      </form>
      <p>
        Already have an account? <Link href={`/sign-in${query ? `?${query}` : ''}`}>Sign in</Link>
      </p>
    </main>
  )
}
