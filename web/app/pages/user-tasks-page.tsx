import { useParams } from 'react-router'
import { TaskBoard } from '../components/task-board.tsx'
import { useSignedInUser } from '../require-session.tsx'

/**
 * `/users/:userId/tasks`: any user's list, as a shared link would open it. The API decides: for
 * another user it answers 403, shown as "You don't have permission to view these tasks".
 */
export function UserTasksPage() {
  const user = useSignedInUser()
  const userId = useParams().userId ?? ''
  const own = userId === user.id
  return (
    <TaskBoard
      key={userId}
      userId={userId}
      heading={own ? 'My tasks' : `Tasks of ${userId}`}
      canCreate={own}
      forbidden="You don't have permission to view these tasks"
    />
  )
}
