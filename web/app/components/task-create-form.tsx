import { useState, type FormEvent } from 'react'
import { toast } from 'sonner'
import type { Task } from '../../api-client/index.ts'
import { useAppServices } from '../app-services.tsx'
import { describeError, notifyError } from '../describe-error.ts'
import { fieldErrorsOf, type TaskFieldErrors } from './task-field-errors.ts'
import { TextField } from './text-field.tsx'

/**
 * Title + description → `createTask`. Only trimming happens here: the API validates, and its 422
 * field errors are shown next to the fields (the input is kept so it can be corrected).
 */
export function TaskCreateForm(props: { userId: string; onCreated: (task: Task) => void }) {
  const { api } = useAppServices()
  const [title, setTitle] = useState('')
  const [description, setDescription] = useState('')
  const [errors, setErrors] = useState<TaskFieldErrors>({})
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
