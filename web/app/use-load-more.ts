import { useCallback, useEffect, useRef, useState } from 'react'
import type { TaskList } from '../api-client/index.ts'
import { describeError } from './describe-error.ts'
import type { ApiLoad } from './use-api-load.ts'

/** The state of "Load more", see {@link useLoadMore}. */
export interface LoadMore {
  /** True while the tasks shown are fewer than the list's `count` (the user's total). */
  hasMore: boolean
  loading: boolean
  /** The error of the last attempt, if it failed. */
  error: unknown
  /** Fetches the next page (from the number of tasks shown) and appends it. */
  loadMore(): void
  /** Cancels a page still loading, e.g. before the list is loaded again from the first page. */
  cancel(): void
}

/**
 * "Load more" over a list loaded with {@link useApiLoad}: the API answers at most 100 tasks a page,
 * and `count` says how many there are, so the next page starts at the number shown. Local creates
 * and deletes keep that number in step with the server (a create is the newest task, so it shifts
 * every page by one), and a task already shown is never shown twice.
 * @param fetchPage loads the page starting at `offset` (the API client's `listTasks`).
 */
export function useLoadMore(list: ApiLoad<TaskList>, fetchPage: (offset: number, signal: AbortSignal) => Promise<TaskList>): LoadMore {
  const [state, setState] = useState<{ loading: boolean; error: unknown }>({ loading: false, error: undefined })
  const pending = useRef<AbortController | undefined>(undefined)
  const fetchRef = useRef(fetchPage)
  fetchRef.current = fetchPage

  const cancel = useCallback(() => {
    pending.current?.abort()
    pending.current = undefined
    setState({ loading: false, error: undefined })
  }, [])
  // A page answered after the board went away must not be applied.
  useEffect(() => () => pending.current?.abort(), [])

  const shown = list.data?.data.length ?? 0
  const loadMore = useCallback(() => {
    if (pending.current) return
    const controller = new AbortController()
    pending.current = controller
    setState({ loading: true, error: undefined })
    fetchRef.current(shown, controller.signal).then(
      (page) => {
        if (controller.signal.aborted) return
        pending.current = undefined
        list.update((data) => data && appendPage(data, page))
        setState({ loading: false, error: undefined })
      },
      (error: unknown) => {
        if (controller.signal.aborted || describeError(error).kind === 'aborted') return
        pending.current = undefined
        setState({ loading: false, error })
      },
    )
  }, [list, shown])

  return { hasMore: list.data !== undefined && shown < list.data.count, ...state, loadMore, cancel }
}

/** `page` after `data`, without tasks already shown; the newer total wins. */
export function appendPage(data: TaskList, page: TaskList): TaskList {
  const shown = new Set(data.data.map((task) => task.id))
  return { data: [...data.data, ...page.data.filter((task) => !shown.has(task.id))], count: page.count }
}
