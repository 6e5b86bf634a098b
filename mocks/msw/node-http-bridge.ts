import type { IncomingMessage, ServerResponse } from 'node:http'
import { BODY_LIMIT_BYTES } from './request-body.ts'

/** Request headers that describe the Node connection, not the message; a Fetch `Request` sets its own. */
const CONNECTION_HEADERS = new Set(['host', 'connection', 'keep-alive', 'content-length', 'transfer-encoding', 'expect', 'upgrade'])

/**
 * NODE ONLY. Turns a node:http request into a Fetch `Request` for MSW's `getResponse`. The body is
 * a stream read only when a handler reads it, which the pipeline does after 401/403: a refused
 * upload is never read (F6; see {@link bodyLeftUnread}). At most `limitBytes + 1` bytes reach the
 * handler, enough to answer 413 without buffering an arbitrarily large upload; the rest is read
 * and dropped, so the client can finish sending and gets the 413.
 */
export async function toFetchRequest(req: IncomingMessage, baseUrl: string, limitBytes = BODY_LIMIT_BYTES): Promise<Request> {
  const headers = new Headers()
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || CONNECTION_HEADERS.has(name)) continue
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item)
  }
  const method = req.method ?? 'GET'
  const body = method === 'GET' || method === 'HEAD' || !announcesBody(req) ? undefined : cappedStream(req, limitBytes + 1)
  const request = new Request(requestUrl(req.url ?? '/', baseUrl), {
    method,
    headers,
    // `duplex: 'half'`: a streamed request body (Fetch standard); not yet in the DOM RequestInit type.
    ...(body !== undefined && { body, duplex: 'half' }),
  } as RequestInit)
  requests.set(req, request)
  return request
}

/** The scheme and authority of an absolute-form request target (`http://127.0.0.1:8000`), up to its path or query. */
const ABSOLUTE_FORM_PREFIX = /^https?:\/\/[^/?#]+/i

/**
 * The request's URL on this server, its path kept as sent: `new URL('//evil.example/api/…', base)`
 * would make `evil.example` the host (and the path `/api/…`), so a `//` path reached the API.
 * An absolute-form target (`GET http://127.0.0.1:8000/api/u/tasks`, RFC 9112 §3.2.2, which a
 * server must accept) gives its path and query only, as Fastify's router takes it: the authority
 * in it never chooses anything (the Host rule reads the `Host` header). Any other target that is
 * not origin-form (`*`, another scheme, a fragment) becomes a path no route matches.
 */
export function requestUrl(target: string, baseUrl: string): URL {
  const path = originFormOf(target)
  return new URL(`${baseUrl.replace(/\/+$/, '')}${path.startsWith('/') ? '' : '/'}${path}`)
}

/** `target`'s path and query when it is an http(s) absolute-form target; otherwise `target` itself. */
function originFormOf(target: string): string {
  const prefix = ABSOLUTE_FORM_PREFIX.exec(target)
  if (!prefix) return target
  const rest = target.slice(prefix[0].length)
  // A fragment is not valid in a request target (Fastify refuses it too): left as is, it matches no route.
  if (rest.includes('#')) return target
  return rest.startsWith('/') ? rest : `/${rest}`
}

/**
 * Writes a Fetch `Response` (from MSW) to node:http, with `extraHeaders` (CORS) on top, and
 * `Connection: close` when the upload was left unread ({@link bodyLeftUnread}).
 */
export async function sendFetchResponse(res: ServerResponse, response: Response, extraHeaders: Record<string, string> = {}): Promise<void> {
  const headers: Record<string, string> = {}
  response.headers.forEach((value, name) => {
    headers[name] = value
  })
  const body = Buffer.from(await response.arrayBuffer())
  // One turn of the event loop lets Node parse what already arrived: a small body is then complete.
  if (bodyLeftUnread(res.req)) await new Promise<void>((resolve) => setImmediate(resolve))
  Object.assign(headers, extraHeaders, { 'content-length': String(body.byteLength) }, closeIfBodyUnread(res))
  res.writeHead(response.status, headers).end(body)
}

/** Sends a JSON body (problem details included) directly, for answers that never reach MSW; closes as {@link sendFetchResponse}. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body)
  res
    .writeHead(status, {
      'content-type': 'application/json; charset=utf-8',
      ...headers,
      'content-length': String(Buffer.byteLength(text)),
      ...closeIfBodyUnread(res),
    })
    .end(text)
}

/** The Fetch request made of each node:http request, to tell later whether a handler read its body. */
const requests = new WeakMap<IncomingMessage, Request>()

/**
 * True when the answer goes out before the handler read any of an upload that has not fully
 * arrived (a 401, 403 or 404 to a large or stalled POST). Such an answer should carry
 * `Connection: close`: Node would otherwise read and drop the whole upload to reuse the connection.
 */
export function bodyLeftUnread(req: IncomingMessage): boolean {
  // `bodyUsed`, not "was the stream pulled": msw clones the request, and the clone (a tee) pulls one chunk at once.
  return !req.complete && !(requests.get(req)?.bodyUsed ?? false)
}

const closeIfBodyUnread = (res: ServerResponse): Record<string, string> => (bodyLeftUnread(res.req) ? { connection: 'close' } : {})

/** Content-Length above 0, or a chunked (or other) transfer coding: the message has a body. */
function announcesBody(req: IncomingMessage): boolean {
  return req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0
}

/**
 * The body of `req` as a pull stream: a chunk is read only when asked for (highWaterMark 0; msw's
 * clone of the request asks for one), never the whole upload unless a handler reads it. It ends
 * after `maxBytes`; the rest of the upload is then read and dropped.
 */
function cappedStream(req: IncomingMessage, maxBytes: number): ReadableStream<Uint8Array> {
  const chunks = req.iterator({ destroyOnReturn: false })
  let kept = 0
  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        const next = (await chunks.next()) as IteratorResult<Buffer>
        if (next.done) return controller.close()
        const part = next.value.subarray(0, maxBytes - kept)
        kept += part.byteLength
        controller.enqueue(new Uint8Array(part))
        if (kept >= maxBytes) {
          controller.close()
          await chunks.return?.()
          req.resume()
        }
      },
      async cancel() {
        await chunks.return?.()
        req.resume()
      },
    },
    { highWaterMark: 0 },
  )
}
