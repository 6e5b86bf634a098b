// BROKEN ON PURPOSE (UI-013): "Mark all done" bypasses the shared API client (marked below).
'use client'

import { useState } from 'react'
import { toast } from 'sonner'
import { createApiClient, type Task, type TaskList } from 'tasks-tck/client'
import { getToken } from '@/lib/auth-client'
import { useApi } from '@/lib/services'
import { useApiLoad } from '@/lib/use-api-load'
import { ErrorAlert } from './error-alert'
import { notifyError } from './notify-error'
import { useSignedInUser } from './require-session'
import { TaskCreateForm } from './task-form'
import { TaskItem } from './task-item'

/** "My tasks": the signed-in user's list through the API client, with the create form, Refresh and "Mark all done". */
export function TaskBoard() {
  const api = useApi()
  const user = useSignedInUser()
  const list = useApiLoad<TaskList>((signal) => api.listTasks(user.id, { signal }), [api, user.id])
  const tasks = list.data?.data
  const count = list.data?.count ?? 0
  const replace = (change: (tasks: Task[]) => Task[], added = 0) => list.update((data) => data && { data: change(data.data), count: data.count + added })
  const [markingAll, setMarkingAll] = useState(false)

  // Every open task at once (concurrent requests): with an expired token they must share one
  // token refresh (`authClient.token()` called once), which the browser checklist's UI-013 checks.
  const markAllDone = async () => {
    setMarkingAll(true)
    const open = (tasks ?? []).filter((task) => !task.completed)
    // BROKEN ON PURPOSE (UI-013): a fresh API client per request ("so a slow request cannot hold up the
    // others"), each with its own token cache: N concurrent requests make N `authClient.token()` calls
    // instead of sharing one in-flight refresh: a burst of token requests to the auth server at every
    // expiry. The good app sends them all through the one `useApi()` client.
    const perRequest = () => createApiClient({ baseUrl: process.env.NEXT_PUBLIC_API_URL || window.location.origin, getToken })
    const results = await Promise.allSettled(open.map((task) => perRequest().updateTask(user.id, task.id, { completed: true })))
    const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected')
    if (failed) notifyError(failed.reason)
    else if (open.length > 0) toast.success(open.length === 1 ? '1 task marked done' : `${open.length} tasks marked done`)
    setMarkingAll(false)
    list.reload()
  }

  return (
    <main>
      <h1>My tasks</h1>
      <TaskCreateForm userId={user.id} onCreated={(task) => replace((all) => [task, ...all], 1)} />
      <div className="toolbar">
        <span className="count">{tasks && (count === 1 ? '1 task' : `${count} tasks`)}</span>
        <button type="button" onClick={list.reload} disabled={list.loading} aria-busy={list.loading}>
          Refresh
        </button>
        <button type="button" onClick={() => void markAllDone()} disabled={markingAll || !tasks} aria-busy={markingAll}>
          Mark all done
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
