'use client'

import type { Task, TaskList } from 'tasks-tck/client'
import { useApi } from '@/lib/services'
import { useApiLoad } from '@/lib/use-api-load'
import { ErrorAlert } from './error-alert'
import { useSignedInUser } from './require-session'
import { TaskCreateForm } from './task-form'
import { TaskItem } from './task-item'

/** "My tasks": the signed-in user's list through the API client, with the create form. */
export function TaskBoard() {
  const api = useApi()
  const user = useSignedInUser()
  const list = useApiLoad<TaskList>((signal) => api.listTasks(user.id, { signal }), [api, user.id])
  const tasks = list.data?.data
  const count = list.data?.count ?? 0
  const replace = (change: (tasks: Task[]) => Task[], added = 0) => list.update((data) => data && { data: change(data.data), count: data.count + added })

  return (
    <main>
      <h1>My tasks</h1>
      <TaskCreateForm userId={user.id} onCreated={(task) => replace((all) => [task, ...all], 1)} />
      <div className="toolbar">
        <span className="count">{tasks && (count === 1 ? '1 task' : `${count} tasks`)}</span>
        <button type="button" onClick={list.reload} disabled={list.loading} aria-busy={list.loading}>
          Refresh
        </button>
      </div>
      {list.error !== undefined && <ErrorAlert error={list.error} onRetry={list.reload} />}
      {list.loading && !tasks && <p role="status">Loading tasks…</p>}
      {tasks && tasks.length === 0 && <p className="empty">No tasks yet</p>}
      {tasks && tasks.length > 0 && (
        <ul aria-label="Tasks" className="tasks">
          {tasks.map((task) => (
            <TaskItem
              key={task.id}
              userId={user.id}
              task={task}
              onChanged={(changed) => replace((all) => all.map((t) => (t.id === changed.id ? changed : t)))}
              onDeleted={(id) => replace((all) => all.filter((t) => t.id !== id), -1)}
            />
          ))}
        </ul>
      )}
    </main>
  )
}
