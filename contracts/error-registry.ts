/**
 * The one error registry shared by the reference server and the mocks: every error a Task API
 * answer can carry, as a stable UPPER_SNAKE code mapped to an HTTP status and a fixed message.
 *
 * Bodies are RFC 9457 problem details (`type`, `title`, `status`, `detail`) with the extension
 * member `code`; `detail` is the field FastAPI clients already read.
 */

export const ERRORS = {
  AUTH_TOKEN_MISSING: { status: 401, detail: 'Not authenticated' },
  AUTH_TOKEN_MALFORMED: { status: 401, detail: 'Malformed token' },
  AUTH_TOKEN_EXPIRED: { status: 401, detail: 'Token has expired' },
  AUTH_TOKEN_INVALID: { status: 401, detail: 'Could not validate credentials' },
  FORBIDDEN_USER_MISMATCH: { status: 403, detail: "You don't have permission to access this user's tasks" },
  TASK_NOT_FOUND: { status: 404, detail: 'Task not found' },
  ROUTE_NOT_FOUND: { status: 404, detail: 'Not found' },
  TASK_QUOTA_EXCEEDED: { status: 409, detail: 'Task limit reached: delete tasks before creating more' },
  PAYLOAD_TOO_LARGE: { status: 413, detail: 'Request body is too large' },
  HOST_NOT_ALLOWED: { status: 421, detail: 'This server does not answer to that Host name' },
  VALIDATION_FAILED: { status: 422, detail: 'Request validation failed' },
  INTERNAL_ERROR: { status: 500, detail: 'Internal server error' },
  SERVICE_UNAVAILABLE: { status: 503, detail: 'Service temporarily unavailable' },
} as const satisfies Record<string, { status: number; detail: string }>

export type ErrorCode = keyof typeof ERRORS

/** One FastAPI/pydantic-style validation problem (`loc` is the path to the bad value). */
export interface ValidationItem {
  loc: (string | number)[]
  msg: string
  type: string
}

/** The JSON body of every error answer. */
export interface ProblemBody {
  type: 'about:blank'
  title: string
  status: number
  detail: string
  code: ErrorCode
  errors?: ValidationItem[]
}

/** The media type of error bodies (RFC 9457 section 3). */
export const PROBLEM_CONTENT_TYPE = 'application/problem+json; charset=utf-8'

/** The `WWW-Authenticate` challenge sent with every 401 (RFC 6750 section 3). */
export const BEARER_CHALLENGE = 'Bearer'

const TITLES: Record<number, string> = {
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  413: 'Payload Too Large',
  421: 'Misdirected Request',
  422: 'Unprocessable Content',
  500: 'Internal Server Error',
  503: 'Service Unavailable',
}

/**
 * Builds the problem body for `code`. `detail` replaces the registry's message only where the
 * caller has a safe, more specific one (validation messages); it must never carry a token or claim.
 */
export function problem(code: ErrorCode, extra: { detail?: string; errors?: ValidationItem[] } = {}): ProblemBody {
  const { status, detail } = ERRORS[code]
  const body: ProblemBody = {
    type: 'about:blank',
    title: TITLES[status] ?? 'Error',
    status,
    detail: extra.detail ?? detail,
    code,
  }
  if (extra.errors) body.errors = extra.errors
  return body
}
