import type { ChangeEvent } from 'react'

/**
 * A labelled input (or textarea) with its error next to it (`<id>-error`, role=alert, linked by
 * `aria-describedby`). No `required`/`minLength`: the server's validation is what the user sees.
 */
export function TextField(props: {
  id: string
  label: string
  value: string
  onChange: (value: string) => void
  error?: string | undefined
  type?: 'text' | 'email' | 'password'
  multiline?: boolean
  autoComplete?: string
}) {
  const errorId = `${props.id}-error`
  const common = {
    id: props.id,
    name: props.id,
    value: props.value,
    'aria-invalid': props.error ? true : undefined,
    'aria-describedby': props.error ? errorId : undefined,
    onChange: (event: ChangeEvent<HTMLInputElement | HTMLTextAreaElement>) => props.onChange(event.target.value),
  }
  return (
    <div className="field">
      <label htmlFor={props.id}>{props.label}</label>
      {props.multiline ? <textarea {...common} rows={3} /> : <input {...common} type={props.type ?? 'text'} autoComplete={props.autoComplete} />}
      {props.error && (
        <p id={errorId} role="alert" className="field-error">
          {props.error}
        </p>
      )}
    </div>
  )
}
