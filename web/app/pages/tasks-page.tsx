import { TaskBoard } from '../components/task-board.tsx'
import { useSignedInUser } from '../require-session.tsx'

/** `/tasks`: the signed-in user's own tasks. */
export function TasksPage() {
  const user = useSignedInUser()
  return <TaskBoard key={user.id} userId={user.id} heading="My tasks" canCreate forbidden="You don't have permission to view these tasks" />
}
