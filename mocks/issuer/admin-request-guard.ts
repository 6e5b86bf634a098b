import type { IncomingMessage } from 'node:http'

/** A refusal of {@link refuseCrossSiteAdmin}: status and a `detail` that quotes no input. */
export interface AdminRefusal {
  status: 403 | 415
  detail: string
}

/**
 * The CSRF rule of the issuer's state-changing routes (`POST /__tck/*`: mint, rotate, reset-stats,
 * outage; security review F12). A web page can send a "simple" cross-site POST (a form, or
 * `fetch` with `text/plain`) without any preflight, so:
 * - a request whose `Origin` is not this server (scheme aside, the same host and port as `Host`,
 *   and never `null`) is refused with 403: browsers send `Origin` on every cross-site POST;
 * - a POST with a body must say `Content-Type: application/json`, which no simple request can
 *   (a page would need a preflight, which this server never allows): else 415.
 * Tools (curl, Node's fetch, the checklist) send no `Origin` and are not affected; a POST without
 * a body (`curl -X POST …/__tck/rotate`) needs no content type.
 * @returns the refusal, or `undefined` when the request may go on.
 */
export function refuseCrossSiteAdmin(req: IncomingMessage, pathname: string): AdminRefusal | undefined {
  if (req.method !== 'POST' || !pathname.startsWith('/__tck/')) return undefined
  const origin = req.headers.origin
  if (origin !== undefined && !isSameOrigin(origin, req.headers.host)) {
    return { status: 403, detail: 'Cross-site requests to /__tck/* are refused: the Origin is not this server' }
  }
  const hasBody = req.headers['transfer-encoding'] !== undefined || Number(req.headers['content-length'] ?? 0) > 0
  const mediaType = (req.headers['content-type'] ?? '').split(';', 1)[0]!.trim().toLowerCase()
  if (hasBody && mediaType !== 'application/json') return { status: 415, detail: 'Content-Type must be application/json' }
  return undefined
}

function isSameOrigin(origin: string, host: string | undefined): boolean {
  if (host === undefined) return false
  try {
    const url = new URL(origin)
    return (url.protocol === 'http:' || url.protocol === 'https:') && url.host === host.trim().toLowerCase()
  } catch {
    // `null` (a sandboxed frame, a data: URL) and anything unparsable.
    return false
  }
}
