import { describeError } from '@/lib/messages'

/** A failed load in words (role=alert), with "Retry" where trying again can help; nothing for a 401. */
export function ErrorAlert(props: { error: unknown; onRetry?: () => void }) {
  const { kind, message, retryable } = describeError(props.error)
  if (kind === 'unauthorized' || kind === 'aborted') return null
  return (
    <div role="alert" className="alert" data-kind={kind}>
      <span>{message}</span>
      {retryable && props.onRetry && (
        <button type="button" onClick={props.onRetry}>
          Retry
        </button>
      )}
    </div>
  )
}
