import { useState } from 'react'
import { toast } from 'sonner'
import type { Task, TaskList } from '../../api-client/index.ts'
import { useAppServices } from '../app-services.tsx'
import { notifyError } from '../describe-error.ts'
import { useApiLoad } from '../use-api-load.ts'
import { useLoadMore } from '../use-load-more.ts'
import { ErrorAlert } from './error-alert.tsx'
import { TaskCreateForm } from './task-create-form.tsx'
import { TaskItem } from './task-item.tsx'

/** Props of {@link TaskBoard}; key the board by `userId`. */
export interface TaskBoardProps {
  userId: string
  heading: string
  /** Show the create form (the signed-in user's own list). */
  canCreate: boolean
  /** The 403 text of this list. */
  forbidden: string
}

/**
 * A user's task list through the API client: loading, empty and error states (Retry where it can
 * help), the count (the user's total), Refresh, "Mark all done", "Load more" while the API has more
 * pages than shown (it answers at most 100 tasks a request), and optionally the create form.
 */
export function TaskBoard(props: TaskBoardProps) {
  const { api } = useAppServices()
  const { userId } = props
  const list = useApiLoad<TaskList>((signal) => api.listTasks(userId, { signal }), [api, userId])
  const more = useLoadMore(list, (offset, signal) => api.listTasks(userId, { offset, signal }))
  const [markingAll, setMarkingAll] = useState(false)
  const tasks = list.data?.data

  // `count` is the user's total, beyond the pages shown: a create adds one, a delete removes one.
  const replace = (change: (tasks: Task[]) => Task[], added = 0) => list.update((data) => data && { data: change(data.data), count: data.count + added })
  // Back to the first page; a next page still loading would belong to the old list.
  const reload = () => {
    more.cancel()
    list.reload()
  }

  // Every incomplete task at once (Promise.all-style concurrency): this is how N simultaneous
  // requests share one token refresh in the browser checks.
  const markAllDone = async () => {
    setMarkingAll(true)
    const open = (tasks ?? []).filter((task) => !task.completed)
    const results = await Promise.allSettled(open.map((task) => api.updateTask(userId, task.id, { completed: true })))
    const failed = results.find((result): result is PromiseRejectedResult => result.status === 'rejected')
    if (failed) notifyError(failed.reason, props.forbidden)
    else if (open.length > 0) toast.success(open.length === 1 ? '1 task marked done' : `${open.length} tasks marked done`)
    setMarkingAll(false)
    reload()
  }

  const count = list.data?.count ?? 0
  return (
    <main>
      <h1>{props.heading}</h1>
      {props.canCreate && <TaskCreateForm userId={userId} onCreated={(task) => replace((all) => [task, ...all], 1)} />}
      <div className="toolbar">
        {/* Only once loaded: "0 tasks" while loading would be a wrong answer. */}
        <span className="count">
          {tasks && (
            <span data-testid="task-count" data-count={count}>
              {count === 1 ? '1 task' : `${count} tasks`}
            </span>
          )}
        </span>
        <button type="button" onClick={reload} disabled={list.loading} aria-busy={list.loading}>
          Refresh
        </button>
        <button type="button" onClick={() => void markAllDone()} disabled={markingAll || !tasks} aria-busy={markingAll}>
          Mark all done
        </button>
      </div>
      {list.error !== undefined && <ErrorAlert error={list.error} forbidden={props.forbidden} onRetry={reload} retrying={list.loading} />}
      {list.loading && !tasks && <p role="status">Loading tasks…</p>}
      {tasks && tasks.length === 0 && <p className="empty">No tasks yet</p>}
      {tasks && tasks.length > 0 && (
        <ul aria-label="Tasks" className="tasks">
          {tasks.map((task) => (
            <TaskItem
              key={task.id}
              userId={userId}
              task={task}
              onChanged={(changed) => replace((all) => all.map((t) => (t.id === changed.id ? changed : t)))}
              onDeleted={(id) => replace((all) => all.filter((t) => t.id !== id), -1)}
            />
          ))}
        </ul>
      )}
      {tasks && more.hasMore && (
        <div className="toolbar">
          <span role="status" data-testid="tasks-shown">
            Showing {tasks.length} of {count}
          </span>
          <button type="button" onClick={more.loadMore} disabled={more.loading} aria-busy={more.loading}>
            Load more
          </button>
        </div>
      )}
      {more.error !== undefined && <ErrorAlert error={more.error} forbidden={props.forbidden} onRetry={more.loadMore} retrying={more.loading} />}
    </main>
  )
}
