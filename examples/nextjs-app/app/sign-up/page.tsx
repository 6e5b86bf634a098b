import { Suspense } from 'react'
import { SignUpForm } from '@/components/sign-up-form'

export const metadata = { title: 'Sign up · Evo-TODO' }

export default function SignUpPage() {
  return (
    <Suspense fallback={<p role="status">Loading…</p>}>
      <SignUpForm />
    </Suspense>
  )
}
