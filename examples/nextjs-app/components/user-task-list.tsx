'use client'

import Link from 'next/link'
import { useParams } from 'next/navigation'
import type { TaskList } from 'tasks-tck/client'
import { useApi } from '@/lib/services'
import { useApiLoad } from '@/lib/use-api-load'
import { ErrorAlert } from './error-alert'

/**
 * `/users/<userId>/tasks`, a list opened from a shared link, read-only: the API decides who may see
 * it, so another user's list is its 403 in words ("You don't have permission to do that").
 */
export function UserTaskList() {
  const api = useApi()
  const { userId } = useParams<{ userId: string }>()
  const list = useApiLoad<TaskList>((signal) => api.listTasks(userId, { signal }), [api, userId])
  const tasks = list.data?.data
  return (
    <main>
      <h1>Shared tasks</h1>
      {list.error !== undefined && <ErrorAlert error={list.error} onRetry={list.reload} />}
      {list.loading && !tasks && <p role="status">Loading tasks…</p>}
      {tasks && tasks.length === 0 && <p className="empty">No tasks yet</p>}
      {tasks && tasks.length > 0 && (
        <ul aria-label="Tasks" className="tasks">
          {tasks.map((task) => (
            <li key={task.id} className="task">
              {task.completed ? '✓ ' : ''}
              {task.title}
            </li>
          ))}
        </ul>
      )}
      <p>
        <Link href="/tasks">Back to tasks</Link>
      </p>
    </main>
  )
}
