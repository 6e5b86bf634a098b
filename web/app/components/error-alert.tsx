import { describeError } from '../describe-error.ts'

/**
 * A failed load, said in words (role=alert), with "Retry" when trying again can help (offline,
 * 5xx). `forbidden` is the 403 text of the screen. Nothing is shown for a 401: the API client has
 * already sent the user to sign-in.
 */
export function ErrorAlert(props: { error: unknown; forbidden?: string; onRetry?: () => void; retrying?: boolean }) {
  const { kind, message, retryable } = describeError(props.error, props.forbidden)
  if (kind === 'unauthorized' || kind === 'aborted') return null
  return (
    <div role="alert" className="alert" data-kind={kind}>
      <span>{message}</span>
      {retryable && props.onRetry && (
        <button type="button" onClick={props.onRetry} disabled={props.retrying} aria-busy={props.retrying}>
          Retry
        </button>
      )}
    </div>
  )
}
