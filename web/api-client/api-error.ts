import { ERRORS, type ErrorCode } from '../../contracts/error-registry.ts'

/** A registry code, or one of the client-side codes for failures without an HTTP answer. */
export type ApiErrorCode = ErrorCode | 'NETWORK_ERROR' | 'ABORTED' | 'UNKNOWN'

/** The fields of an {@link ApiError}. */
export interface ApiErrorInit {
  /** HTTP status; 0 when there was no answer (network error, abort). */
  status: number
  code: ApiErrorCode
  message: string
  /** Field name → first message, for form validation (422). */
  fieldErrors?: Record<string, string>
  /** True for network errors and 5xx: trying again later may succeed. */
  retryable?: boolean
  cause?: unknown
}

/** Every failure of the API client, normalized: HTTP errors, network errors, aborts. */
export class ApiError extends Error {
  override readonly name = 'ApiError'
  readonly status: number
  readonly code: ApiErrorCode
  readonly fieldErrors: Record<string, string>
  readonly retryable: boolean

  constructor(init: ApiErrorInit) {
    super(init.message, init.cause === undefined ? undefined : { cause: init.cause })
    this.status = init.status
    this.code = init.code
    this.fieldErrors = init.fieldErrors ?? {}
    this.retryable = init.retryable ?? false
  }
}

/** Type guard for {@link ApiError}. */
export function isApiError(value: unknown): value is ApiError {
  return value instanceof ApiError
}

interface ValidationLike {
  loc?: unknown
  msg?: unknown
}

/**
 * Builds the {@link ApiError} of an HTTP error answer. `body` is the parsed body (RFC 9457 problem
 * details with `code`/`errors`, FastAPI's `{detail: string}` or `{detail: [{loc, msg, type}]}`,
 * or anything else, e.g. a proxy's HTML page as text).
 */
export function toApiError(response: Pick<Response, 'status'>, body: unknown): ApiError {
  const { status } = response
  const record = isRecord(body) ? body : {}
  const detail = record.detail
  const items = [...(Array.isArray(record.errors) ? record.errors : []), ...(Array.isArray(detail) ? detail : [])] as ValidationLike[]
  const fieldErrors: Record<string, string> = {}
  for (const item of items) {
    if (!isRecord(item) || typeof item.msg !== 'string') continue
    const loc = Array.isArray(item.loc) ? item.loc : []
    const field = loc.length > 0 ? String(loc[loc.length - 1]) : '_'
    fieldErrors[field] ??= item.msg
  }
  const code = codeOf(status, record.code, typeof detail === 'string' ? detail : undefined)
  let message: string
  if (typeof detail === 'string' && detail) message = detail
  else if (Array.isArray(detail) && items.length > 0) message = items.map((i) => String(i.msg)).join('; ')
  else if (typeof record.title === 'string' && record.title) message = record.title
  else message = code in ERRORS ? ERRORS[code as ErrorCode].detail : `HTTP ${status}`
  return new ApiError({ status, code, message, fieldErrors, retryable: status >= 500 })
}

/** A request that got no answer (DNS, refused connection, CORS, offline). */
export function networkError(cause: unknown): ApiError {
  return new ApiError({ status: 0, code: 'NETWORK_ERROR', message: 'Network error: the server could not be reached', retryable: true, cause })
}

/** A request cancelled through its AbortSignal. */
export function abortedError(cause?: unknown): ApiError {
  return new ApiError({ status: 0, code: 'ABORTED', message: 'The request was cancelled', retryable: false, cause })
}

// Statuses the registry maps to exactly one code: a FastAPI body without `code` still gets it.
const UNIQUE_BY_STATUS = new Map<number, ErrorCode>()
{
  const counts = new Map<number, ErrorCode[]>()
  for (const [code, { status }] of Object.entries(ERRORS) as [ErrorCode, { status: number }][]) {
    counts.set(status, [...(counts.get(status) ?? []), code])
  }
  for (const [status, codes] of counts) if (codes.length === 1) UNIQUE_BY_STATUS.set(status, codes[0]!)
}

function codeOf(status: number, bodyCode: unknown, detail: string | undefined): ApiErrorCode {
  if (typeof bodyCode === 'string' && bodyCode in ERRORS) return bodyCode as ErrorCode
  const byDetail = (Object.entries(ERRORS) as [ErrorCode, { status: number; detail: string }][]).find(
    ([, entry]) => entry.status === status && entry.detail === detail,
  )
  if (byDetail) return byDetail[0]
  return UNIQUE_BY_STATUS.get(status) ?? 'UNKNOWN'
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
