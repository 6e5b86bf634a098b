/**
 * `next` when it is a path on this site (`/tasks?x=1`), else `fallback`. Refuses what a browser
 * would resolve to another origin: `//host`, `/\host` (treated as `//`), and anything not starting
 * with `/` (`https://…`, `javascript:`), so a crafted sign-in link cannot redirect off-site.
 */
export function safeNextPath(next: string | null | undefined, fallback = '/tasks'): string {
  if (!next?.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return fallback
  // Control characters (a tab or newline is stripped by URL parsing, so `/\t/host` becomes `//host`).
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this refuses
  if (/[\u0000-\u001f\u007f]/.test(next)) return fallback
  return next
}

/** The `?next=` query of a sign-in/sign-up link back to `path` (empty for the default page). */
export function nextQuery(path: string | null | undefined): string {
  return path ? `next=${encodeURIComponent(path)}` : ''
}
