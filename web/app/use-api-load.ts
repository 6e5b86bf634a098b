import { useCallback, useEffect, useRef, useState, type DependencyList } from 'react'
import { describeError } from './describe-error.ts'

/** The state of one load, see {@link useApiLoad}. */
export interface ApiLoad<T> {
  /** The last loaded value (kept while reloading or after a failed reload). */
  data: T | undefined
  /** The error of the last attempt, if it failed. */
  error: unknown
  loading: boolean
  /** Runs the load again (Retry, Refresh); the previous request is cancelled. */
  reload(): void
  /**
   * Changes the loaded value locally, e.g. after a successful create or delete; while a load is in
   * flight, runs the load again instead (its answer may predate the change).
   */
  update(change: (data: T | undefined) => T | undefined): void
}

/**
 * Runs `load` on mount, whenever `deps` change and on `reload()`, cancelling the previous request
 * (through the AbortSignal the API client honours) so a slow old answer never overwrites a newer
 * one. Key the component by what it shows (`<TaskBoard key={userId}>`) so data never leaks between
 * users or tasks.
 */
export function useApiLoad<T>(load: (signal: AbortSignal) => Promise<T>, deps: DependencyList): ApiLoad<T> {
  const [state, setState] = useState<{ data: T | undefined; error: unknown; loading: boolean }>({ data: undefined, error: undefined, loading: true })
  const [attempt, setAttempt] = useState(0)
  const loadRef = useRef(load)
  loadRef.current = load
  // Whether a load is in flight, read by `update` at the moment of the change (state would be a render late).
  const inFlight = useRef(true)

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` is the reload trigger and `deps` are the caller's, as useEffect's own
  useEffect(() => {
    const controller = new AbortController()
    inFlight.current = true
    setState((s) => ({ ...s, error: undefined, loading: true }))
    loadRef.current(controller.signal).then(
      (data) => {
        if (controller.signal.aborted) return
        inFlight.current = false
        setState({ data, error: undefined, loading: false })
      },
      (error: unknown) => {
        if (controller.signal.aborted || describeError(error).kind === 'aborted') return
        inFlight.current = false
        setState((s) => ({ data: s.data, error, loading: false }))
      },
    )
    return () => controller.abort()
    // `deps` are the caller's (like useEffect's own); `load` is read through a ref, so it may change freely.
  }, [...deps, attempt])

  const reload = useCallback(() => setAttempt((n) => n + 1), [])
  // A change made while a load is in flight (a create before the first list arrived, or during a
  // Refresh) would be overwritten by that load's answer, which may predate it: the task just created
  // vanished from the list (seen in CI under load). The load runs again instead, after the change.
  const update = useCallback((change: (data: T | undefined) => T | undefined) => {
    if (inFlight.current) setAttempt((n) => n + 1)
    else setState((s) => ({ ...s, data: change(s.data) }))
  }, [])
  return { ...state, reload, update }
}
