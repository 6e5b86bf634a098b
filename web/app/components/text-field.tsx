import type { ChangeEvent } from 'react'

/** Props of {@link TextField}. */
export interface TextFieldProps {
  /** Element id; the error gets `<id>-error`. */
  id: string
  label: string
  value: string
  onChange: (value: string) => void
  /** The field's problem, shown next to it. */
  error?: string | undefined
  type?: 'text' | 'email' | 'password'
  multiline?: boolean
  autoComplete?: string
  disabled?: boolean
}

/**
 * A labelled input (or textarea) with its error next to it: `<id>-error` has role=alert and is
 * linked through `aria-describedby`, and the input is `aria-invalid` while it has one. No
 * `required`/`minLength` attributes on purpose: the server's validation is what the user sees.
 */
export function TextField(props: TextFieldProps) {
  const errorId = `${props.id}-error`
  const common = {
    id: props.id,
    name: props.id,
    value: props.value,
    disabled: props.disabled,
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
