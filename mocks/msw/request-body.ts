import { decodeUtf8, hasLoneSurrogate, INVALID_UTF8, LONE_SURROGATE } from '../../shared/http/json-text.ts'
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
  // Strict: bytes that are not UTF-8 are refused, as the reference server refuses them, never read as U+FFFD.
  const text = decodeUtf8(bytes)
  if (text === undefined) return { ok: false, reply: bodyProblem(INVALID_UTF8.msg, INVALID_UTF8.type) }
  if (text.trim() === '') return { ok: true, body: undefined }
  const essence = (request.headers.get('content-type') ?? '').split(';')[0]!.trim().toLowerCase()
  if (essence !== 'application/json') {
    return { ok: false, reply: bodyProblem('Content-Type must be application/json', 'content_type') }
  }
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    return { ok: false, reply: bodyProblem('Request body is not valid JSON', 'json_invalid') }
  }
  // The reference server's parser (secure-json-parse) refuses prototype-poisoning keys as invalid JSON.
  if (hasPoisoningKey(body)) return { ok: false, reply: bodyProblem('Request body is not valid JSON', 'json_invalid') }
  if (hasLoneSurrogate(body)) return { ok: false, reply: bodyProblem(LONE_SURROGATE.msg, LONE_SURROGATE.type) }
  return { ok: true, body }
}

/** An own `__proto__` key, or a `constructor` object with an own `prototype`, at any depth (secure-json-parse's rule). */
function hasPoisoningKey(root: unknown): boolean {
  const own = (object: object, key: string) => Object.hasOwn(object, key)
  // A work list, not recursion: 64 KiB of `[[[…` must not overflow the stack.
  const pending: unknown[] = [root]
  while (pending.length > 0) {
    const value = pending.pop()
    if (value === null || typeof value !== 'object') continue
    if (own(value, '__proto__')) return true
    const ctor = (value as { constructor?: unknown }).constructor
    if (own(value, 'constructor') && ctor !== null && typeof ctor === 'object' && own(ctor, 'prototype')) return true
    pending.push(...Object.values(value))
  }
  return false
}

// Same detail text as the reference server's error handler, so clients see one wording.
const bodyProblem = (msg: string, type: string): MockReply => problemReply('VALIDATION_FAILED', { detail: msg, errors: [{ loc: ['body'], msg, type }] })
