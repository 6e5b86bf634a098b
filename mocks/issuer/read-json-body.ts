import type { IncomingMessage } from 'node:http'

/** Largest accepted request body, in bytes (64 KiB): mint requests are small JSON objects. */
export const MAX_BODY_BYTES = 64 * 1024

/** Outcome of {@link readJsonBody}: the parsed value, or an HTTP status and a detail that quotes no input. */
export type JsonBodyResult = { ok: true; value: unknown } | { ok: false; status: 400 | 413; detail: string }

/**
 * Reads and parses a JSON request body of at most `limit` bytes. An empty body reads as `{}`.
 * Oversized bodies are drained rather than cut off, so the client still receives the 413 response.
 */
export async function readJsonBody(req: IncomingMessage, limit: number = MAX_BODY_BYTES): Promise<JsonBodyResult> {
  const chunks: Buffer[] = []
  let size = 0
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length
    if (size <= limit) chunks.push(chunk)
  }
  if (size > limit) return { ok: false, status: 413, detail: `Body exceeds ${limit} bytes` }
  const text = Buffer.concat(chunks).toString('utf8')
  if (text.trim() === '') return { ok: true, value: {} }
  try {
    return { ok: true, value: JSON.parse(text) }
  } catch {
    return { ok: false, status: 400, detail: 'Body is not valid JSON' }
  }
}
