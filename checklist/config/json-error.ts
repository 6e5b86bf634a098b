/**
 * Where a text stops being JSON, as a line and column: what an error about a file that is not JSON
 * says instead of `JSON.parse`'s message, which quotes the file's first bytes (a token file given by
 * mistake would be printed).
 */

/** `line L, column C` (1-based) of the first character that is not JSON, or undefined when `text` is JSON. */
export function jsonErrorPosition(text: string): string | undefined {
  const at = jsonErrorOffset(text)
  if (at === undefined) return undefined
  const before = text.slice(0, at).split('\n')
  return `line ${before.length}, column ${before.at(-1)!.length + 1}`
}

const LITERAL = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y

/** Offset of the first character that is not JSON (RFC 8259), or undefined. */
function jsonErrorOffset(s: string): number | undefined {
  let i = 0
  const fail = (): never => {
    throw i
  }
  const ws = () => {
    while (s[i] === ' ' || s[i] === '\t' || s[i] === '\n' || s[i] === '\r') i++
  }
  const string = () => {
    i++
    while (i < s.length && s[i] !== '"') {
      if (s[i]! < ' ') fail()
      i += s[i] === '\\' ? 2 : 1
    }
    if (s[i] !== '"') fail()
    i++
  }
  const list = (close: string, member: () => void) => {
    i++
    ws()
    if (s[i] === close) return void i++
    for (;;) {
      member()
      ws()
      if (s[i] === close) return void i++
      if (s[i] !== ',') fail()
      i++
    }
  }
  const value = (): void => {
    ws()
    if (s[i] === '{')
      list('}', () => {
        ws()
        if (s[i] !== '"') fail()
        string()
        ws()
        if (s[i] !== ':') fail()
        i++
        value()
      })
    else if (s[i] === '[') list(']', value)
    else if (s[i] === '"') string()
    else {
      LITERAL.lastIndex = i
      if (!LITERAL.test(s)) fail()
      i = LITERAL.lastIndex
    }
  }
  try {
    value()
    ws()
    if (i < s.length) fail()
    return undefined
  } catch (offset) {
    return typeof offset === 'number' ? Math.min(offset, s.length) : 0
  }
}
