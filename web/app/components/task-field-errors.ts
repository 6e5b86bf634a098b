import { describeError } from '../describe-error.ts'

/** Messages next to the Title and Description fields. */
export type TaskFieldErrors = Partial<Record<'title' | 'description', string>>

/**
 * The title/description messages of a 422 (or 413) ApiError; a problem the API did not pin on one
 * of these fields is put under the title, so it is still shown next to the form.
 */
export function fieldErrorsOf(error: unknown): TaskFieldErrors {
  const fields = (error as { fieldErrors?: Record<string, string> }).fieldErrors ?? {}
  const errors: TaskFieldErrors = {}
  if (fields.title) errors.title = fields.title
  if (fields.description) errors.description = fields.description
  if (!errors.title && !errors.description) errors.title = Object.values(fields)[0] ?? describeError(error).message
  return errors
}
