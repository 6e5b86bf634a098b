/**
 * The one place the Next.js app talks to the FastAPI backend (lib/backend.ts in a Next 16 app):
 * forwards the browser's request — Authorization header, JSON body, query string — and copies the
 * backend's status, body and the headers the browser needs back. Same origin: no CORS here.
 */
import { defects } from './defects.ts'

const BACKEND_URL = (process.env.BACKEND_URL ?? 'http://127.0.0.1:8000').replace(/\/$/, '')

/** A path segment for the backend URL. Route params arrive decoded: encode them again. */
export function segment(value: string): string {
  return defects.has('decode-path') ? value : encodeURIComponent(value)
}

export async function forward(request: Request, path: string, body?: string): Promise<Response> {
  const headers = new Headers()
  const authorization = request.headers.get('authorization')
  if (authorization) headers.set('authorization', authorization)
  if (body !== undefined) headers.set('content-type', request.headers.get('content-type') ?? 'application/json')
  const { search } = new URL(request.url)
  let upstream: Response
  try {
    upstream = await fetch(`${BACKEND_URL}${path}${search}`, { method: request.method, headers, ...(body !== undefined && { body }), cache: 'no-store' })
  } catch {
    return Response.json({ detail: 'Backend unavailable' }, { status: 502 })
  }
  const out = new Headers()
  for (const name of ['content-type', 'www-authenticate']) {
    const value = upstream.headers.get(name)
    if (value) out.set(name, value)
  }
  // A 204 has no body; anything else is passed through as the backend wrote it.
  return new Response(upstream.status === 204 ? null : await upstream.arrayBuffer(), { status: upstream.status, headers: out })
}

/** The request body as text, or undefined when there is none (GET, DELETE, a body-less PATCH). */
export async function bodyOf(request: Request): Promise<string | undefined> {
  const text = await request.text()
  return text === '' ? undefined : text
}
