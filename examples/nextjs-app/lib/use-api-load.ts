'use client'

import { type DependencyList, useCallback, useEffect, useRef, useState } from 'react'
import { describeError } from './messages'

/** A load through the API client: data, error, loading; `reload()` cancels the previous request. */
export function useApiLoad<T>(load: (signal: AbortSignal) => Promise<T>, deps: DependencyList) {
  const [state, setState] = useState<{ data: T | undefined; error: unknown; loading: boolean }>({ data: undefined, error: undefined, loading: true })
  const [attempt, setAttempt] = useState(0)
  const loadRef = useRef(load)
  loadRef.current = load

  // biome-ignore lint/correctness/useExhaustiveDependencies: `attempt` is the reload trigger and `deps` are the caller's
  useEffect(() => {
    const controller = new AbortController()
    setState((s) => ({ ...s, error: undefined, loading: true }))
    loadRef.current(controller.signal).then(
      (data) => {
        if (!controller.signal.aborted) setState({ data, error: undefined, loading: false })
      },
      (error: unknown) => {
        if (controller.signal.aborted || describeError(error).kind === 'aborted') return
        setState((s) => ({ data: s.data, error, loading: false }))
      },
    )
    return () => controller.abort()
  }, [...deps, attempt])

  const reload = useCallback(() => setAttempt((n) => n + 1), [])
  const update = useCallback((change: (data: T | undefined) => T | undefined) => setState((s) => ({ ...s, data: change(s.data) })), [])
  return { ...state, reload, update }
}
