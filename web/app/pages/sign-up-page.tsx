import { useState, type FormEvent } from 'react'
import { Link, useNavigate, useSearchParams } from 'react-router'
import { toast } from 'sonner'
import { useAppServices } from '../app-services.tsx'
import { signUpError, type AuthFailure, type SignUpErrors } from '../auth-errors.ts'
import { TextField } from '../components/text-field.tsx'
import { nextQuery, safeNextPath } from '../safe-next-path.ts'

/** `/sign-up`: creates a Better Auth account (which also signs in), then goes to `next`. */
export function SignUpPage() {
  const { authClient, api } = useAppServices()
  const session = authClient.useSession()
  const navigate = useNavigate()
  const [params] = useSearchParams()
  const next = params.get('next')
  const [name, setName] = useState('')
  const [email, setEmail] = useState('')
  const [password, setPassword] = useState('')
  const [fieldErrors, setFieldErrors] = useState<SignUpErrors['fieldErrors']>({})
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
    // As on sign-in: the protected page must find the new session already loaded.
    await session.refetch()
    setPending(false)
    toast.success('Account created')
    navigate(safeNextPath(next), { replace: true })
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
        Already have an account? <Link to={`/sign-in${query ? `?${query}` : ''}`}>Sign in</Link>
      </p>
    </main>
  )
}
