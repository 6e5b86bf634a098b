import { toast } from 'sonner'
import { isApiError } from '../api-client/index.ts'

/** What kind of failure an error is, for the UI. */
export type ErrorKind = 'unauthorized' | 'forbidden' | 'not-found' | 'validation' | 'offline' | 'server' | 'aborted' | 'other'

/** The user-facing side of an error. Never contains a token, a stack trace or a server message. */
export interface ErrorDescription {
  kind: ErrorKind
  message: string
  /** Trying again may help (network, 5xx): the UI offers "Retry". */
  retryable: boolean
}

/** The texts of the status handling, in one place. */
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

/**
 * Maps any error (normally an ApiError from web/api-client) to what the user is told.
 * `forbidden` overrides the 403 text for the screen at hand.
 */
export function describeError(error: unknown, forbidden: string = ERROR_TEXT.forbidden): ErrorDescription {
  const described = (kind: ErrorKind, message: string, retryable = false) => ({ kind, message, retryable })
  if (!isApiError(error)) return described('other', ERROR_TEXT.server, true)
  const { status } = error
  if (status === 0) {
    if (error.code === 'ABORTED') return described('aborted', '')
    // NETWORK_ERROR, or no token because the auth server could not be reached.
    return described('offline', ERROR_TEXT.offline, true)
  }
  if (status === 401) return described('unauthorized', ERROR_TEXT.expired)
  if (status === 403) return described('forbidden', forbidden)
  if (status === 404) return described('not-found', ERROR_TEXT.notFound)
  // Retrying cannot help: only deleting tasks makes room.
  if (error.code === 'TASK_QUOTA_EXCEEDED') return described('other', ERROR_TEXT.quota)
  if (status === 413) return described('validation', ERROR_TEXT.tooLarge)
  if (status === 422) return described('validation', ERROR_TEXT.validation)
  if (status === 429) return described('other', ERROR_TEXT.rateLimited, true)
  return described(status >= 500 ? 'server' : 'other', ERROR_TEXT.server, true)
}

/**
 * Toasts the failure of a user action. Silent for 401 (the API client's `onUnauthorized` already
 * said "Your session expired" and went to sign-in) and for cancelled requests.
 */
export function notifyError(error: unknown, forbidden?: string): ErrorDescription {
  const description = describeError(error, forbidden)
  if (description.kind !== 'unauthorized' && description.kind !== 'aborted') toast.error(description.message)
  return description
}
