/**
 * JSON with comments (JSONC, like tsconfig.json) for config files, and where a file stops being
 * JSON: a line and a column, never the file's own text (a token passed by mistake stays out of the
 * error message, which JSON.parse would quote).
 */
import { jsonErrorPosition } from './json-error.ts'

/** `text` with comments and trailing commas blanked out, every other character at its place (offsets unchanged). */
function blankComments(text: string): string {
  const out = text.split('')
  let comma = -1 // a comma held back until the next token shows whether it is a trailing one
  const blank = (from: number, to: number) => {
    for (let j = from; j < to; j++) if (out[j] !== '\n') out[j] = ' '
  }
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!
    if (c === '/' && text[i + 1] === '/') {
      const end = text.indexOf('\n', i) < 0 ? text.length : text.indexOf('\n', i)
      blank(i, end)
      i = end - 1
    } else if (c === '/' && text[i + 1] === '*') {
      const end = text.indexOf('*/', i + 2) < 0 ? text.length : text.indexOf('*/', i + 2) + 2
      blank(i, end)
      i = end - 1
    } else if (/\s/.test(c)) continue
    else {
      if (comma >= 0 && (c === '}' || c === ']')) out[comma] = ' '
      comma = c === ',' ? i : -1
      if (c === '"') i += (/^"(?:[^"\\]|\\.)*"/s.exec(text.slice(i))?.[0] ?? text.slice(i)).length - 1
    }
  }
  if (comma >= 0) out[comma] = ' '
  return out.join('')
}

/** JSON with `//` and block comments and trailing commas (JSONC): comments and those commas are dropped, strings kept. */
export function parseJsonc(text: string): unknown {
  return JSON.parse(blankComments(text))
}

/**
 * Where JSONC `text` stops being JSON: `line L, column C` (1-based, comments counted as the file
 * has them), or undefined when it parses. The file's own text is never part of it.
 */
export function jsoncErrorAt(text: string): string | undefined {
  return jsonErrorPosition(blankComments(text))
}
