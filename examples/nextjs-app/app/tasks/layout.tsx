import type { ReactNode } from 'react'
import { RequireSession } from '@/components/require-session'

/** Every page under /tasks needs a session: the guard sends the user to sign-in with `next` kept. */
export default function TasksLayout(props: { children: ReactNode }) {
  return <RequireSession>{props.children}</RequireSession>
}
