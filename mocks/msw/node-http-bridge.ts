import type { IncomingMessage, ServerResponse } from 'node:http'
import { BODY_LIMIT_BYTES } from './request-body.ts'

/** Request headers that describe the Node connection, not the message; a Fetch `Request` sets its own. */
const CONNECTION_HEADERS = new Set(['host', 'connection', 'keep-alive', 'content-length', 'transfer-encoding', 'expect', 'upgrade'])

/**
 * NODE ONLY. Turns a node:http request into a Fetch `Request` for MSW's `getResponse`. At most
 * `limitBytes + 1` body bytes are kept (the rest is read and dropped, so the client can finish
 * sending): enough for the handlers to answer 413 — after 401/403, as the reference server orders
 * them — without buffering an arbitrarily large upload.
 */
export async function toFetchRequest(req: IncomingMessage, baseUrl: string, limitBytes = BODY_LIMIT_BYTES): Promise<Request> {
  const headers = new Headers()
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || CONNECTION_HEADERS.has(name)) continue
    for (const item of Array.isArray(value) ? value : [value]) headers.append(name, item)
  }
  const method = req.method ?? 'GET'
  const body = method === 'GET' || method === 'HEAD' ? undefined : await readCapped(req, limitBytes + 1)
  return new Request(new URL(req.url ?? '/', baseUrl), {
    method,
    headers,
    ...(body !== undefined && body.byteLength > 0 && { body }),
  })
}

/** Writes a Fetch `Response` (from MSW) to node:http, with `extraHeaders` (CORS) on top. */
export async function sendFetchResponse(res: ServerResponse, response: Response, extraHeaders: Record<string, string> = {}): Promise<void> {
  const headers: Record<string, string> = {}
  response.headers.forEach((value, name) => {
    headers[name] = value
  })
  const body = Buffer.from(await response.arrayBuffer())
  Object.assign(headers, extraHeaders, { 'content-length': String(body.byteLength) })
  res.writeHead(response.status, headers).end(body)
}

/** Sends a JSON body (problem details included) directly, for answers that never reach MSW. */
export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body)
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    ...headers,
    'content-length': String(Buffer.byteLength(text)),
  }).end(text)
}

function readCapped(req: IncomingMessage, maxBytes: number): Promise<Uint8Array<ArrayBuffer>> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    let kept = 0
    req.on('data', (chunk: Buffer) => {
      if (kept >= maxBytes) return
      const part = chunk.subarray(0, maxBytes - kept)
      chunks.push(part)
      kept += part.byteLength
    })
    req.on('end', () => resolve(Uint8Array.from(Buffer.concat(chunks))))
    req.on('error', reject)
  })
}
