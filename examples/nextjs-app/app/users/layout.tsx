import type { ReactNode } from 'react'
import { RequireSession } from '@/components/require-session'

/** Another user's list (a shared link) also needs a session: the API then decides (403 for someone else's). */
export default function UsersLayout(props: { children: ReactNode }) {
  return <RequireSession>{props.children}</RequireSession>
}
