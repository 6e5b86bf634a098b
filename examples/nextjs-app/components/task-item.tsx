'use client'

import Link from 'next/link'
import { useState } from 'react'
import { toast } from 'sonner'
import type { Task } from 'tasks-tck/client'
import { describeError } from '@/lib/messages'
import { useApi } from '@/lib/services'
import { notifyError } from './notify-error'

/**
 * One task: a checkbox labelled with the title (toggles through the API, optimistically), "Open
 * <title>" and "Delete <title>" (the title in the accessible name only, so each row's controls are unique).
 */
export function TaskItem(props: { userId: string; task: Task; onChanged: (task: Task) => void; onDeleted: (id: string) => void }) {
  const api = useApi()
  const { task } = props
  const [pending, setPending] = useState(false)
  const [shown, setShown] = useState<boolean | undefined>()
  const checkboxId = `task-${task.id}`

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
      if (describeError(error).kind === 'not-found') props.onDeleted(task.id)
      notifyError(error)
      setPending(false)
    }
  }

  return (
    <li className="task" aria-busy={pending}>
      <input id={checkboxId} type="checkbox" checked={shown ?? task.completed} disabled={pending} onChange={() => void toggle()} />
      <label htmlFor={checkboxId} className="task-title">
        {task.title}
      </label>
      <Link href={`/tasks/${encodeURIComponent(task.id)}`}>
        Open<span className="visually-hidden"> {task.title}</span>
      </Link>
      <button type="button" onClick={() => void remove()} disabled={pending} aria-busy={pending}>
        Delete<span className="visually-hidden"> {task.title}</span>
      </button>
    </li>
  )
}
