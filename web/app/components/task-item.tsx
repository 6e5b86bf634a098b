import { useState } from 'react'
import { Link } from 'react-router'
import { toast } from 'sonner'
import type { Task } from '../../api-client/index.ts'
import { useAppServices } from '../app-services.tsx'
import { describeError, notifyError } from '../describe-error.ts'

/**
 * One task: a checkbox labelled with the title (toggles through the API), "Open <title>" and
 * "Delete <title>" (the title is in the accessible name only, so each row's controls are unique).
 */
export function TaskItem(props: { userId: string; task: Task; onChanged: (task: Task) => void; onDeleted: (id: string) => void }) {
  const { api } = useAppServices()
  const { task } = props
  const [pending, setPending] = useState(false)
  const checkboxId = `task-${task.id}`

  // Optimistic: the box shows the new state at once (a checkbox that only flips after the answer
  // looks broken, and Playwright's check() verifies the state right after the click); it goes
  // back if the API refuses.
  const [shown, setShown] = useState<boolean | undefined>()

  const toggle = async () => {
    setPending(true)
    setShown(!task.completed)
    try {
      props.onChanged(await api.toggleTask(props.userId, task.id))
    } catch (error) {
      notifyError(error)
    } finally {
      setShown(undefined)
      setPending(false)
    }
  }

  const remove = async () => {
    setPending(true)
    try {
      await api.deleteTask(props.userId, task.id)
      toast.success('Task deleted')
      props.onDeleted(task.id)
    } catch (error) {
      // Already gone (deleted elsewhere): the row goes too.
      if (describeError(error).kind === 'not-found') props.onDeleted(task.id)
      notifyError(error)
      setPending(false)
    }
  }

  return (
    <li className="task" data-task-id={task.id} data-completed={task.completed} aria-busy={pending}>
      <input id={checkboxId} type="checkbox" checked={shown ?? task.completed} disabled={pending} onChange={() => void toggle()} />
      <label htmlFor={checkboxId} className="task-title">
        {task.title}
      </label>
      <Link to={`/tasks/${encodeURIComponent(task.id)}`}>
        Open<span className="visually-hidden"> {task.title}</span>
      </Link>
      <button type="button" onClick={() => void remove()} disabled={pending} aria-busy={pending}>
        Delete<span className="visually-hidden"> {task.title}</span>
      </button>
    </li>
  )
}
