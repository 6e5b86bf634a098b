import { isApiError } from 'tasks-tck/client'

/** The texts of the status handling, in one place (the same as the toolkit's own web app). */
export const ERROR_TEXT = {
  expired: 'Your session expired',
  forbidden: "You don't have permission to do that",
  notFound: 'That task no longer exists',
  validation: 'Please correct the highlighted fields',
  tooLarge: 'That is too large to save',
  offline: 'You appear to be offline. Check your connection.',
  server: 'Something went wrong. Please try again.',
  rateLimited: 'Too many requests. Please wait a moment and try again.',
  quota: 'You have reached the task limit. Delete tasks before creating more.',
} as const

/** The texts of the sign-in and sign-up forms. */
export const AUTH_TEXT = {
  expired: 'Your session expired. Please sign in again.',
  invalidCredentials: 'Invalid email or password',
  tooManyAttempts: 'Too many attempts. Please wait a minute and try again.',
  signUpFailed: 'Could not create an account with these details',
  invalidEmail: 'Enter a valid email address',
  passwordTooShort: 'Password must be at least 8 characters',
  passwordTooLong: 'Password must be at most 128 characters',
} as const

/** What kind of failure an error is, for the UI. */
export type ErrorKind = 'unauthorized' | 'forbidden' | 'not-found' | 'validation' | 'offline' | 'server' | 'aborted' | 'other'

/** The user-facing side of an error: never a token, a stack trace or a server message. */
export interface ErrorDescription {
  kind: ErrorKind
  message: string
  /** Trying again may help (network, 5xx): the UI offers "Retry". */
  retryable: boolean
}

/** Maps any error (normally an ApiError of tasks-tck/client) to what the user is told. */
export function describeError(error: unknown): ErrorDescription {
  const described = (kind: ErrorKind, message: string, retryable = false) => ({ kind, message, retryable })
  if (!isApiError(error)) return described('other', ERROR_TEXT.server, true)
  const { status } = error
  if (status === 0) return error.code === 'ABORTED' ? described('aborted', '') : described('offline', ERROR_TEXT.offline, true)
  if (status === 401) return described('unauthorized', ERROR_TEXT.expired)
  if (status === 403) return described('forbidden', ERROR_TEXT.forbidden)
  if (status === 404) return described('not-found', ERROR_TEXT.notFound)
  if (error.code === 'TASK_QUOTA_EXCEEDED') return described('other', ERROR_TEXT.quota)
  if (status === 413) return described('validation', ERROR_TEXT.tooLarge)
  if (status === 422) return described('validation', ERROR_TEXT.validation)
  if (status === 429) return described('other', ERROR_TEXT.rateLimited, true)
  return described(status >= 500 ? 'server' : 'other', ERROR_TEXT.server, true)
}

/** Title/description messages of a 422 (or 413); a problem on no known field goes under the title. */
export function fieldErrorsOf(error: unknown): Partial<Record<'title' | 'description', string>> {
  const fields = (error as { fieldErrors?: Record<string, string> }).fieldErrors ?? {}
  const errors: Partial<Record<'title' | 'description', string>> = {}
  if (fields.title) errors.title = fields.title
  if (fields.description) errors.description = fields.description
  if (!errors.title && !errors.description) errors.title = Object.values(fields)[0] ?? describeError(error).message
  return errors
}

/** A Better Auth client error (`{ status, code?, message? }`), or a thrown network failure. */
export type AuthFailure = { status?: number; code?: string; message?: string } | null | undefined

/** Every sign-in refusal gets one neutral text, so the form never tells whether an account exists. */
export function signInErrorText(error: AuthFailure): string {
  const status = error?.status
  if (status === undefined) return ERROR_TEXT.offline
  if (status === 429) return AUTH_TEXT.tooManyAttempts
  if (status >= 500) return ERROR_TEXT.server
  return AUTH_TEXT.invalidCredentials
}

/** Where a sign-up problem goes: next to a field, or one form-level error (a taken email stays generic). */
export function signUpError(error: AuthFailure): { fieldErrors: Partial<Record<'email' | 'password', string>>; formError?: string } {
  const status = error?.status
  if (status === undefined) return { fieldErrors: {}, formError: ERROR_TEXT.offline }
  if (status === 429) return { fieldErrors: {}, formError: AUTH_TEXT.tooManyAttempts }
  if (status >= 500) return { fieldErrors: {}, formError: ERROR_TEXT.server }
  switch (error?.code) {
    case 'INVALID_EMAIL':
      return { fieldErrors: { email: AUTH_TEXT.invalidEmail } }
    case 'PASSWORD_TOO_SHORT':
      return { fieldErrors: { password: AUTH_TEXT.passwordTooShort } }
    case 'PASSWORD_TOO_LONG':
      return { fieldErrors: { password: AUTH_TEXT.passwordTooLong } }
    case 'VALIDATION_ERROR': {
      const message = error.message ?? ''
      const fieldErrors: Partial<Record<'email' | 'password', string>> = {}
      if (message.includes('[body.email]')) fieldErrors.email = AUTH_TEXT.invalidEmail
      if (/\[body\.password\] Too big/.test(message)) fieldErrors.password = AUTH_TEXT.passwordTooLong
      else if (message.includes('[body.password]')) fieldErrors.password = AUTH_TEXT.passwordTooShort
      return Object.keys(fieldErrors).length > 0 ? { fieldErrors } : { fieldErrors, formError: AUTH_TEXT.signUpFailed }
    }
    default:
      return { fieldErrors: {}, formError: AUTH_TEXT.signUpFailed }
  }
}

/**
 * `next` when it is a path on this site, else `fallback`: refuses `//host`, `/\host`, anything not
 * starting with `/` and control characters, so a crafted sign-in link cannot redirect off-site.
 */
export function safeNextPath(next: string | null | undefined, fallback = '/tasks'): string {
  if (!next?.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this refuses
  if (/[\u0000-\u001f\u007f]/.test(next)) return fallback
  return next
}

/** The `?next=` query of a sign-in/sign-up link back to `path` (empty for the default page). */
export function nextQuery(path: string | null | undefined): string {
  return path ? `next=${encodeURIComponent(path)}` : ''
}
