'use client'

import { type DependencyList, useCallback, useEffect, useRef, useState } from 'react'
import { describeError } from './messages'

/** A load through the API client: data, error, loading; `reload()` cancels the previous request. */
export function useApiLoad<T>(load: (signal: AbortSignal) => Promise<T>, deps: DependencyList) {
  const [state, setState] = useState<{ data: T | undefined; error: unknown; loading: boolean }>({ data: undefined, error: undefined, loading: true })
  const [attempt, setAttempt] = useState(0)
  const loadRef = useRef(load)
  loadRef.current = load
  // Whether a load is in flight, read by `update` at the moment of the change (state would be a render late).
  const inFlight = useRef(true)

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` is the reload trigger and `deps` are the caller's
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
