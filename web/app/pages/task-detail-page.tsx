import { Link, useParams } from 'react-router'
import type { Task } from '../../api-client/index.ts'
import { useAppServices } from '../app-services.tsx'
import { ErrorAlert } from '../components/error-alert.tsx'
import { TaskEditForm } from '../components/task-edit-form.tsx'
import { describeError } from '../describe-error.ts'
import { useSignedInUser } from '../require-session.tsx'
import { useApiLoad } from '../use-api-load.ts'

/** `/tasks/:taskId`: one of the signed-in user's tasks, editable; "Task not found" for 404. */
export function TaskDetailPage() {
  const taskId = useParams().taskId ?? ''
  return <TaskDetail key={taskId} taskId={taskId} />
}

function TaskDetail(props: { taskId: string }) {
  const { api } = useAppServices()
  const user = useSignedInUser()
  const task = useApiLoad<Task>((signal) => api.getTask(user.id, props.taskId, { signal }), [api, user.id, props.taskId])
  const kind = task.error === undefined ? undefined : describeError(task.error).kind
  // A malformed id (422) is as absent as an unknown one.
  if (kind === 'not-found' || kind === 'validation') {
    return (
      <main>
        <h1>Task not found</h1>
        <p>There is no task with this id in your list.</p>
        <p>
          <Link to="/tasks">Back to tasks</Link>
        </p>
      </main>
    )
  }
  return (
    <main>
      <p>
        <Link to="/tasks">Back to tasks</Link>
      </p>
      <h1>Edit task</h1>
      {task.error !== undefined && <ErrorAlert error={task.error} onRetry={task.reload} retrying={task.loading} />}
      {task.loading && !task.data && <p role="status">Loading task…</p>}
      {task.data && <TaskEditForm userId={user.id} task={task.data} onSaved={(saved) => task.update(() => saved)} />}
    </main>
  )
}
