/** Name of the response header in which Prism lists request and response violations. */
export const VIOLATIONS_HEADER = 'sl-violations'

/** Prism writes `DiagnosticSeverity` names from @stoplight/types. */
export type PrismViolationSeverity = 'Error' | 'Warning' | 'Information' | 'Hint'

/** One contract violation Prism found in a request or a response. */
export interface PrismViolation {
  /**
   * Where: `'request'` or `'response'` first, then the part and the path inside it, e.g.
   * `['response', 'body', 'data', '0', 'id']`, `['request', 'path', 'task_id']`,
   * `['response', 'header', 'www-authenticate']`; just `['request']` for a failed security check.
   */
  location: string[]
  severity: PrismViolationSeverity
  /** The failing JSON Schema keyword (`required`, `type`, `format`, …) or a status (401 for security). */
  code: string | number
  /** Human-readable, e.g. `Response body property count must be integer`. */
  message: string
}

// Prism cuts a header value longer than ~8 KiB and puts this in front of the cut JSON.
const TRUNCATED_PREFIX = 'Too many violations! '

/**
 * The violations Prism listed in the `sl-violations` header of `source` (a JSON array); `[]` when
 * the header is absent. A value Prism truncated yields the complete leading entries plus one
 * entry with code `'truncated'`, so a truncated list can never read as a clean one.
 * @throws when the header holds something other than Prism's JSON array.
 */
export function parseViolations(source: Response | Headers): PrismViolation[] {
  const headers = source instanceof Headers ? source : source.headers
  return parseViolationsHeader(headers.get(VIOLATIONS_HEADER))
}

/** {@link parseViolations} on a raw header value (`null`/`undefined`/empty → `[]`). */
export function parseViolationsHeader(value: string | null | undefined): PrismViolation[] {
  if (!value) return []
  if (!value.startsWith(TRUNCATED_PREFIX)) return toViolations(JSON.parse(value), value)
  const cut = value.slice(TRUNCATED_PREFIX.length)
  const marker: PrismViolation = {
    location: [],
    severity: 'Error',
    code: 'truncated',
    message: 'Prism truncated the sl-violations header; more violations were found than are listed',
  }
  // The cut fell somewhere inside the array: keep the longest prefix that still closes as JSON.
  for (let end = cut.lastIndexOf('}'); end > 0; end = cut.lastIndexOf('}', end - 1)) {
    try {
      return [...toViolations(JSON.parse(`${cut.slice(0, end + 1)}]`), value), marker]
    } catch {
      // a `}` inside a message string; try the previous one
    }
  }
  return [marker]
}

function toViolations(parsed: unknown, raw: string): PrismViolation[] {
  if (!Array.isArray(parsed)) throw new Error(`${VIOLATIONS_HEADER} is not a JSON array: ${raw.slice(0, 200)}`)
  return parsed.map((item: Record<string, unknown>) => {
    if (typeof item !== 'object' || item === null || typeof item.message !== 'string') {
      throw new Error(`${VIOLATIONS_HEADER} holds an entry that is not a violation: ${JSON.stringify(item)}`)
    }
    return {
      location: Array.isArray(item.location) ? item.location.map(String) : [],
      severity: String(item.severity) as PrismViolationSeverity,
      code: typeof item.code === 'number' ? item.code : String(item.code),
      message: item.message,
    }
  })
}
