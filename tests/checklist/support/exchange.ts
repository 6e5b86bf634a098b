/**
 * HTTP for checks: every request/response pair is kept as an `Exchange`, so a failed check can
 * show what was sent, what came back, what was expected, and a curl line that reproduces it.
 */

export interface Exchange {
  request: { method: string; url: string; headers: Record<string, string>; body?: string }
  response: { status: number; headers: Headers; text: string; json: unknown }
}

/** Valid tokens are never printed in a curl line (they are live credentials); hostile ones are. */
const secrets = new Set<string>()
export function markSecret(token: string) {
  secrets.add(token)
}

export interface SendOptions {
  method: string
  url: string
  headers?: Record<string, string>
  /** A value to send as JSON, or a raw string body. */
  json?: unknown
  body?: string
}

export async function send(options: SendOptions): Promise<Exchange> {
  const headers: Record<string, string> = { ...options.headers }
  let body = options.body
  if (options.json !== undefined) {
    body = JSON.stringify(options.json)
    headers['content-type'] ??= 'application/json'
  }
  const request = { method: options.method, url: options.url, headers, ...(body !== undefined && { body }) }
  const res = await fetch(options.url, { method: options.method, headers, body, redirect: 'manual' })
  const text = await res.text()
  let json: unknown
  try {
    json = text ? JSON.parse(text) : undefined
  } catch {
    json = undefined
  }
  return { request, response: { status: res.status, headers: res.headers, text, json } }
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`

/** A shell line that repeats the request. */
export function curlFor(ex: Exchange): string {
  const parts = ['curl -i -X', ex.request.method]
  for (const [name, value] of Object.entries(ex.request.headers)) {
    let shown = value
    for (const secret of secrets) shown = shown.split(secret).join('$TCK_TOKEN')
    parts.push('-H', quote(`${name}: ${shown}`))
  }
  if (ex.request.body !== undefined) {
    parts.push('--data-raw', quote(ex.request.body.length > 300 ? `${ex.request.body.slice(0, 300)}…` : ex.request.body))
  }
  parts.push(quote(ex.request.url))
  return parts.join(' ')
}

const excerpt = (text: string) => (text.length > 400 ? `${text.slice(0, 400)}…` : text)

/** A failure message naming the expectation, the exchange, and how to reproduce it. */
export function describeFailure(expected: string, ex: Exchange): string {
  const usesSecret = [...secrets].some((s) => Object.values(ex.request.headers).some((v) => v.includes(s)))
  return [
    `expected: ${expected}`,
    `request:  ${ex.request.method} ${ex.request.url}`,
    `response: ${ex.response.status} ${ex.response.headers.get('content-type') ?? ''} ${excerpt(ex.response.text)}`,
    `reproduce: ${curlFor(ex)}`,
    ...(usesSecret ? ['(set TCK_TOKEN to a valid token for the path user)'] : []),
  ].join('\n')
}

/** Thrown by {@link expectExchange}; its message is the whole story of the failed request. */
export class CheckFailure extends Error {
  override name = 'CheckFailure'
}

/** Fails the check with the exchange attached unless `ok`. */
export function expectExchange(ok: boolean, expected: string, ex: Exchange): void {
  if (!ok) throw new CheckFailure(describeFailure(expected, ex))
}

/** Fails unless the response status is one of `statuses` (numbers, or `4xx`-style classes). */
export function expectStatus(ex: Exchange, ...statuses: (number | '2xx' | '4xx')[]): void {
  const s = ex.response.status
  const ok = statuses.some((e) => (e === '2xx' ? s >= 200 && s < 300 : e === '4xx' ? s >= 400 && s < 500 : s === e))
  expectExchange(ok, `status ${statuses.join(' or ')}`, ex)
}
