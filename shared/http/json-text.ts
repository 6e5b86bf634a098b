/**
 * The text rules of a JSON request body, shared by every server that reads one (the reference
 * server's parser and the mock's): the bytes must be UTF-8, and no string or key may hold a lone
 * UTF-16 surrogate (a `\ud800` escape without its pair). Such a value is no Unicode text: a
 * database stores it as U+FFFD, or refuses it, while a JavaScript store keeps it exactly, so two
 * servers would answer the same request differently. Refusing it (422) is the one answer both can
 * give. Domain-free and browser-safe: no Node built-in, no knowledge of tasks.
 */

/** Why a body's text was refused; `type` is the validation item's `type`, `msg` its message. */
export interface TextProblem {
  type: 'unicode_invalid'
  msg: string
}

/** The bytes are not UTF-8 (a stray continuation byte, an overlong form, an encoded surrogate, …). */
export const INVALID_UTF8: TextProblem = { type: 'unicode_invalid', msg: 'Request body is not valid UTF-8' }

/** A string or key of the JSON holds half of a surrogate pair (`\ud800` … `\udfff` alone). */
export const LONE_SURROGATE: TextProblem = {
  type: 'unicode_invalid',
  msg: 'Request body has a lone surrogate (a \\ud800-\\udfff escape without its pair)',
}

// One decoder for every call: `fatal` makes a malformed byte sequence throw instead of becoming U+FFFD.
const strictUtf8 = new TextDecoder('utf-8', { fatal: true })

/** The body's text, or `undefined` when the bytes are not well-formed UTF-8 (a leading BOM is dropped). */
export function decodeUtf8(bytes: Uint8Array): string | undefined {
  try {
    return strictUtf8.decode(bytes)
  } catch {
    return undefined
  }
}

/** An unpaired high surrogate, or a low surrogate no high one precedes (no `u` flag: code units). */
const LONE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/**
 * Whether any string value or object key inside a parsed JSON value has a lone surrogate.
 * Iterative, so a deeply nested body (thousands of levels) cannot exhaust the stack.
 */
export function hasLoneSurrogate(value: unknown): boolean {
  const pending: unknown[] = [value]
  while (pending.length > 0) {
    const next = pending.pop()
    if (typeof next === 'string') {
      if (LONE.test(next)) return true
    } else if (Array.isArray(next)) {
      pending.push(...next)
    } else if (next !== null && typeof next === 'object') {
      for (const [key, item] of Object.entries(next)) {
        if (LONE.test(key)) return true
        pending.push(item)
      }
    }
  }
  return false
}
