import { problemReply, type MockReply } from './mock-reply.ts'

/** Largest accepted request body, in bytes (the reference server's `BODY_LIMIT_BYTES`, 64 KiB). */
export const BODY_LIMIT_BYTES = 64 * 1024

/** A readable body (`undefined` when empty), or the error answer to send instead. */
export type BodyResult = { ok: true; body: unknown } | { ok: false; reply: MockReply }

/**
 * Reads a JSON request body the way the reference server's parser does: over 64 KiB → 413; an
 * empty body is "no body" even with `Content-Type: application/json` (the specification's client
 * sends that header on a body-less PATCH or DELETE); another media type or broken JSON → 422.
 * Schema validation is the caller's (it knows the operation).
 */
export async function readJsonBody(request: Request): Promise<BodyResult> {
  const bytes = new Uint8Array(await request.arrayBuffer())
  if (bytes.byteLength > BODY_LIMIT_BYTES) return { ok: false, reply: problemReply('PAYLOAD_TOO_LARGE') }
  const text = new TextDecoder().decode(bytes)
  if (text.trim() === '') return { ok: true, body: undefined }
  const essence = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase()
  if (essence !== 'application/json') {
    return { ok: false, reply: bodyProblem('Content-Type must be application/json', 'content_type') }
  }
  try {
    return { ok: true, body: JSON.parse(text) }
  } catch {
    return { ok: false, reply: bodyProblem('Request body is not valid JSON', 'json_invalid') }
  }
}

// Same detail text as the reference server's error handler, so clients see one wording.
const bodyProblem = (msg: string, type: string): MockReply =>
  problemReply('VALIDATION_FAILED', { detail: msg, errors: [{ loc: ['body'], msg, type }] })
