import { Suspense } from 'react'
import { SignInForm } from '@/components/sign-in-form'

export const metadata = { title: 'Sign in · Evo-TODO' }

export default function SignInPage() {
  // useSearchParams() (for `next`) renders on the client: Suspense keeps the rest static.
  return (
    <Suspense fallback={<p role="status">Loading…</p>}>
      <SignInForm />
    </Suspense>
  )
}
