'use client'

import { type FormEvent, useState } from 'react'
import { toast } from 'sonner'
import type { Task } from 'tasks-tck/client'
import { describeError, fieldErrorsOf } from '@/lib/messages'
import { useApi } from '@/lib/services'
import { notifyError } from './notify-error'
import { TextField } from './text-field'

/** Title + description → `createTask`; the API validates, and its 422 field errors show next to the fields. */
export function TaskCreateForm(props: { userId: string; onCreated: (task: Task) => void }) {
  const api = useApi()
  const [title, setTitle] = useState('')
  const [description, setDescription] = useState('')
  const [errors, setErrors] = useState<Partial<Record<'title' | 'description', string>>>({})
  const [pending, setPending] = useState(false)

  const submit = async (event: FormEvent) => {
    event.preventDefault()
    setPending(true)
    setErrors({})
    try {
      const text = description.trim()
      const task = await api.createTask(props.userId, { title: title.trim(), ...(text && { description: text }) })
      setTitle('')
      setDescription('')
      toast.success('Task created')
      props.onCreated(task)
    } catch (error) {
      if (describeError(error).kind === 'validation') setErrors(fieldErrorsOf(error))
      notifyError(error)
    } finally {
      setPending(false)
    }
  }

  return (
    <form className="create-form" onSubmit={(event) => void submit(event)} noValidate aria-label="New task">
      <TextField id="title" label="Title" value={title} onChange={setTitle} error={errors.title} />
      <TextField id="description" label="Description" multiline value={description} onChange={setDescription} error={errors.description} />
      <button type="submit" disabled={pending} aria-busy={pending}>
        Add task
      </button>
    </form>
  )
}

/** Title, Description, Completed → `updateTask` (an emptied description is cleared with `null`); "Delete" too. */
export function TaskEditForm(props: { userId: string; task: Task; onSaved: (task: Task) => void; onDeleted: () => void }) {
  const api = useApi()
  const [title, setTitle] = useState(props.task.title)
  const [description, setDescription] = useState(props.task.description ?? '')
  const [completed, setCompleted] = useState(props.task.completed)
  const [errors, setErrors] = useState<Partial<Record<'title' | 'description', string>>>({})
  const [pending, setPending] = useState<'save' | 'delete' | undefined>()

  const save = async (event: FormEvent) => {
    event.preventDefault()
    setPending('save')
    setErrors({})
    try {
      const saved = await api.updateTask(props.userId, props.task.id, { title: title.trim(), description: description.trim() || null, completed })
      toast.success('Task saved')
      props.onSaved(saved)
    } catch (error) {
      if (describeError(error).kind === 'validation') setErrors(fieldErrorsOf(error))
      notifyError(error)
    } finally {
      setPending(undefined)
    }
  }

  const remove = async () => {
    setPending('delete')
    try {
      await api.deleteTask(props.userId, props.task.id)
      toast.success('Task deleted')
      props.onDeleted()
    } catch (error) {
      notifyError(error)
      setPending(undefined)
    }
  }

  return (
    <form className="edit-form" onSubmit={(event) => void save(event)} noValidate aria-label="Edit task">
      <TextField id="title" label="Title" value={title} onChange={setTitle} error={errors.title} />
      <TextField id="description" label="Description" multiline value={description} onChange={setDescription} error={errors.description} />
      <div className="field checkbox">
        <input id="completed" type="checkbox" checked={completed} onChange={(event) => setCompleted(event.target.checked)} />
        <label htmlFor="completed">Completed</label>
      </div>
      <div className="actions">
        <button type="submit" disabled={pending !== undefined} aria-busy={pending === 'save'}>
          Save
        </button>
        <button type="button" className="danger" onClick={() => void remove()} disabled={pending !== undefined} aria-busy={pending === 'delete'}>
          Delete
        </button>
      </div>
    </form>
  )
}
