/**
 * HTTP for checks: every request/response pair is kept as an `Exchange`, so a failed check can
 * show what was sent, what came back, what was expected, and a curl line that reproduces it.
 */

export interface Exchange {
  request: { method: string; url: string; headers: Record<string, string>; body?: string; operationId?: string }
  response: { status: number; headers: Headers; text: string; json: unknown }
}

/**
 * Live credentials of this run: valid tokens, tokens a backend accepted and the shared secret. They
 * are replaced by `$TCK_TOKEN` / `$TCK_SECRET` in everything a check reports; a hostile token that
 * was refused (401) may be shown, since it opens nothing.
 */
const secrets = new Map<string, string>()
export function markSecret(value: string, shownAs = '$TCK_TOKEN') {
  if (value.length >= 8) secrets.set(value, shownAs)
}

/** `text` with every live credential masked. */
export function redact(text: string): string {
  let out = text
  for (const [secret, shown] of secrets) if (out.includes(secret)) out = out.split(secret).join(shown)
  return out
}

export interface SendOptions {
  method: string
  url: string
  headers?: Record<string, string>
  /** A value to send as JSON, or a raw string body. */
  json?: unknown
  body?: string
  operationId?: string
}

/** How long one request may go unanswered (ms): a hanging backend is named, not waited out. */
const ANSWER_TIMEOUT_MS = 20_000

const BEARER = /^\s*Bearer\s+(\S+)/i

export async function send(options: SendOptions): Promise<Exchange> {
  const headers: Record<string, string> = { ...options.headers }
  let body = options.body
  if (options.json !== undefined) {
    body = JSON.stringify(options.json)
    headers['content-type'] ??= 'application/json'
  }
  const request = {
    method: options.method,
    url: options.url,
    headers,
    ...(body !== undefined && { body }),
    ...(options.operationId && { operationId: options.operationId }),
  }
  let res: Response
  try {
    res = await fetch(options.url, { method: options.method, headers, body, redirect: 'manual', signal: AbortSignal.timeout(ANSWER_TIMEOUT_MS) })
  } catch (error) {
    // undici hides the reason (ECONNREFUSED, ECONNRESET, …) in `cause`; a check must name it.
    const cause = (error as { cause?: { code?: string; message?: string } }).cause
    const why =
      (error as Error).name === 'TimeoutError' ? `no answer within ${ANSWER_TIMEOUT_MS / 1000} s` : (cause?.code ?? cause?.message ?? (error as Error).message)
    throw new Error(`${options.method} ${options.url}: ${why}`)
  }
  const text = await res.text()
  const json = jsonOrUndefined(text)
  // Any answer but 401 means the backend took the token (403 and 404 too): from now on it is live.
  const token = BEARER.exec(headers.authorization ?? headers.Authorization ?? '')?.[1]
  if (token && res.status !== 401) markSecret(token)
  return { request, response: { status: res.status, headers: res.headers, text, json } }
}

const quote = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`

/** A shell line that repeats the request (live tokens as `$TCK_TOKEN`). */
export function curlFor(ex: Exchange): string {
  // curl would resolve `%2e%2e` and `..` itself: the request sent was not normalised.
  const parts = [
    /\/(\.|%2e)/i.test(new URL(ex.request.url).pathname) || /\/\.\.?(\/|$)/.test(ex.request.url) ? 'curl --path-as-is -i -X' : 'curl -i -X',
    ex.request.method,
  ]
  for (const [name, value] of Object.entries(ex.request.headers)) parts.push('-H', quote(`${name}: ${value}`))
  if (ex.request.body !== undefined) {
    parts.push('--data-raw', quote(ex.request.body.length > 300 ? `${ex.request.body.slice(0, 300)}…` : ex.request.body))
  }
  parts.push(quote(ex.request.url))
  return redact(parts.join(' '))
}

const excerpt = (text: string) => (text.length > 240 ? `${text.slice(0, 240)}…` : text)

/** `getTask got 200`, or the method and path when the request was not a contract operation. */
export function whatHappened(ex: Exchange): string {
  return `${ex.request.operationId ?? `${ex.request.method} ${new URL(ex.request.url).pathname}`} got ${ex.response.status}`
}

/** The request and response lines of one exchange, and a curl line that repeats it. */
export function describeExchange(ex: Exchange): string {
  const masked = curlFor(ex).includes('$TCK_TOKEN')
  return [
    `request:  ${ex.request.method} ${ex.request.url}`,
    `response: ${ex.response.status} ${ex.response.headers.get('content-type') ?? ''} ${excerpt(ex.response.text)}`,
    `reproduce: ${curlFor(ex)}`,
    ...(masked
      ? [
          '(TCK_TOKEN: a token the backend accepted is never printed; set it to a token of the kind the check names, e.g. from `tck issuer`: GET /api/auth/token?sub=<user>, or POST /__tck/mint {"hostile": "<kind>", "sub": "<user>"})',
        ]
      : []),
  ].join('\n')
}

/**
 * A failure message: first line `<operation> got <status> — expected <…>` (what the summary
 * shows), then the exchange, then any exchange it was compared with.
 */
export function describeFailure(expected: string, ex: Exchange, ...compared: Exchange[]): string {
  return redact(
    [
      `${whatHappened(ex)} — expected ${expected}`,
      describeExchange(ex),
      ...compared.map((other) => `compared with ${whatHappened(other)}:\n${describeExchange(other)}`),
    ].join('\n'),
  )
}

/** Thrown by {@link expectExchange}; its message is the whole story of the failed request. */
export class CheckFailure extends Error {
  override name = 'CheckFailure'
  constructor(
    message: string,
    readonly exchange?: Exchange,
  ) {
    super(message)
  }
}

/** Fails the check with the exchange attached unless `ok`; `compared` exchanges are shown too. */
export function expectExchange(ok: boolean, expected: string, ex: Exchange, ...compared: Exchange[]): void {
  if (!ok) throw new CheckFailure(describeFailure(expected, ex, ...compared), ex)
}

/** Fails unless the response status is one of `statuses` (numbers, or `4xx`-style classes). */
export function expectStatus(ex: Exchange, ...statuses: (number | '2xx' | '4xx')[]): void {
  const s = ex.response.status
  const ok = statuses.some((e) => (e === '2xx' ? s >= 200 && s < 300 : e === '4xx' ? s >= 400 && s < 500 : s === e))
  expectExchange(ok, `status ${statuses.join(' or ')}`, ex)
}

/** The body parsed as JSON, or `undefined` when it is empty or not JSON (a backend's error page, a plain-text 400). */
export function jsonOrUndefined(text: string): unknown {
  try {
    return text ? JSON.parse(text) : undefined
  } catch {
    return undefined
  }
}
