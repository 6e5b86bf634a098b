'use client'

import Link from 'next/link'
import { useParams, useRouter } from 'next/navigation'
import type { Task } from 'tasks-tck/client'
import { ErrorAlert } from '@/components/error-alert'
import { useSignedInUser } from '@/components/require-session'
import { TaskEditForm } from '@/components/task-form'
import { describeError } from '@/lib/messages'
import { useApi } from '@/lib/services'
import { useApiLoad } from '@/lib/use-api-load'

/** `/tasks/[id]`: one of the signed-in user's tasks, editable; "Task not found" for a 404 (or a malformed id's 422). */
export default function TaskDetailPage() {
  const { id } = useParams<{ id: string }>()
  const api = useApi()
  const user = useSignedInUser()
  const router = useRouter()
  const task = useApiLoad<Task>((signal) => api.getTask(user.id, id, { signal }), [api, user.id, id])
  const kind = task.error === undefined ? undefined : describeError(task.error).kind
  if (kind === 'not-found' || kind === 'validation') {
    return (
      <main>
        <h1>Task not found</h1>
        <p>There is no task with this id in your list.</p>
        <p>
          <Link href="/tasks">Back to tasks</Link>
        </p>
      </main>
    )
  }
  return (
    <main>
      <p>
        <Link href="/tasks">Back to tasks</Link>
      </p>
      <h1>Edit task</h1>
      {task.error !== undefined && <ErrorAlert error={task.error} onRetry={task.reload} />}
      {task.loading && !task.data && <p role="status">Loading task…</p>}
      {task.data && (
        <TaskEditForm
          key={task.data.id}
          userId={user.id}
          task={task.data}
          onSaved={(saved) => task.update(() => saved)}
          onDeleted={() => router.push('/tasks')}
        />
      )}
    </main>
  )
}
