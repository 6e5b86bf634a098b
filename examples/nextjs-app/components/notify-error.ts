import { toast } from 'sonner'
import { describeError, type ErrorDescription } from '@/lib/messages'

/** Toasts a failed action; silent for 401 (the API client's `onUnauthorized` already said so) and for cancels. */
export function notifyError(error: unknown): ErrorDescription {
  const description = describeError(error)
  if (description.kind !== 'unauthorized' && description.kind !== 'aborted') toast.error(description.message)
  return description
}
