import type { HttpCustomPredicate, PathParams } from 'msw'

/**
 * A strict MSW predicate for one route, matching what the reference server (Fastify) routes:
 *
 * - the path must be the route exactly: MSW's own matching ignores a trailing slash
 *   (`/api/alice/tasks/` listed the tasks) and, with the `*` base, lets the origin part swallow a
 *   leading `//host` (`//evil.example/api/alice/tasks` listed them too);
 * - a parameter is one segment, possibly empty, as find-my-way reads it: `/api/alice/tasks/` is
 *   getTask with task_id '' (so 422 after the auth checks), `/api//tasks` listTasks for user '' (403);
 * - parameters are percent-decoded; one that does not decode matches nothing (404, no 500).
 *
 * `base` is `'*'` (any origin, what a browser app needs) or an origin with an optional prefix
 * (`http://localhost:8000`, `http://localhost:8000/v1`); `path` uses `:name` parameters.
 * Browser-safe: no Node built-in.
 */
export function routePredicate(base: string, path: string): HttpCustomPredicate<PathParams> {
  const names: string[] = []
  const source = path
    .split(/(:[A-Za-z_]\w*)/)
    .map((part) => {
      if (!part.startsWith(':')) return escapeRegExp(part)
      names.push(part.slice(1))
      return '([^/]*)'
    })
    .join('')
  const pattern = new RegExp(`^${base === '*' ? '' : escapeRegExp(base.replace(/\/+$/, ''))}${source}$`)
  return ({ request }) => {
    const url = new URL(request.url)
    const match = pattern.exec(base === '*' ? url.pathname : `${url.origin}${url.pathname}`)
    if (!match) return { matches: false, params: {} }
    try {
      return { matches: true, params: Object.fromEntries(names.map((name, i) => [name, decodeURIComponent(match[i + 1]!)])) }
    } catch {
      return { matches: false, params: {} }
    }
  }
}

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
