import { useState, type FormEvent } from 'react'
import { useNavigate } from 'react-router'
import { toast } from 'sonner'
import type { Task } from '../../api-client/index.ts'
import { useAppServices } from '../app-services.tsx'
import { describeError, notifyError } from '../describe-error.ts'
import { fieldErrorsOf, type TaskFieldErrors } from './task-field-errors.ts'
import { TextField } from './text-field.tsx'

/**
 * Edits one task: Title, Description, Completed → `updateTask` (an emptied description is cleared
 * with `null`); 422 field errors next to the fields. "Delete" removes it and goes back to the list.
 */
export function TaskEditForm(props: { userId: string; task: Task; onSaved: (task: Task) => void }) {
  const { api } = useAppServices()
  const navigate = useNavigate()
  const [title, setTitle] = useState(props.task.title)
  const [description, setDescription] = useState(props.task.description ?? '')
  const [completed, setCompleted] = useState(props.task.completed)
  const [errors, setErrors] = useState<TaskFieldErrors>({})
  const [pending, setPending] = useState<'save' | 'delete' | undefined>()

  const save = async (event: FormEvent) => {
    event.preventDefault()
    setPending('save')
    setErrors({})
    try {
      const text = description.trim()
      const saved = await api.updateTask(props.userId, props.task.id, { title: title.trim(), description: text || null, completed })
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
      navigate('/tasks')
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
