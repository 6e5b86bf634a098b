import { request as httpRequest } from 'node:http'
import { request as httpsRequest } from 'node:https'
import type { CheckContext } from '../check-context.ts'
import { type Exchange, jsonOrUndefined } from './exchange.ts'

/** How long an odd path may go unanswered, in ms. */
const ANSWER_TIMEOUT_MS = 10_000

/**
 * Sends `path` byte for byte. fetch cannot: its URL parser resolves `%2e%2e` segments and
 * re-encodes others, so the backend would never see what a hostile client sends. `path` is put
 * after the target's own path prefix; `json`, if given, is sent as the body. A request with no
 * answer within 10 s rejects (for the check, a finding).
 */
export function sendRaw(
  ctx: CheckContext,
  operationId: string,
  path: string,
  headers: Record<string, string>,
  method = 'GET',
  json?: unknown,
): Promise<Exchange> {
  const base = new URL(ctx.baseUrl)
  const fullPath = `${base.pathname.replace(/\/$/, '')}${path}`
  const body = json === undefined ? undefined : JSON.stringify(json)
  const sent = body === undefined ? headers : { ...headers, 'content-type': 'application/json' }
  const request = { method, url: `${base.origin}${fullPath}`, headers: sent, operationId, ...(body !== undefined && { body }) }
  return new Promise((resolve, reject) => {
    const req = (base.protocol === 'https:' ? httpsRequest : httpRequest)(
      { host: base.hostname.replace(/^\[|\]$/g, ''), port: base.port, method, path: fullPath, headers: sent },
      (res) => {
        const chunks: Buffer[] = []
        res.on('data', (chunk: Buffer) => chunks.push(chunk))
        res.on('error', reject)
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8')
          const json = jsonOrUndefined(text)
          const responseHeaders = new Headers()
          for (const [name, value] of Object.entries(res.headers)) for (const v of [value ?? []].flat()) responseHeaders.append(name, v)
          resolve({ request, response: { status: res.statusCode ?? 0, headers: responseHeaders, text, json } })
        })
      },
    )
    req.on('error', (error) => reject(new Error(`${method} ${request.url}: ${(error as NodeJS.ErrnoException).code ?? error.message}`)))
    // A backend that never answers an odd path is a finding, not a check waiting for its own timeout.
    req.setTimeout(ANSWER_TIMEOUT_MS, () => req.destroy(new Error(`no answer within ${ANSWER_TIMEOUT_MS / 1000} s`)))
    req.end(body)
  })
}
