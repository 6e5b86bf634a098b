/**
 * Request headers a browser may send cross-origin: the reference server's two, plus the mock's own
 * `Prefer` (scenarios) and `X-Tck-User` (token route), which a frontend needs to reach it at all.
 */
export const MOCK_ALLOWED_HEADERS = ['Authorization', 'Content-Type', 'Prefer', 'X-Tck-User'] as const

/** How long a browser may cache a preflight, in seconds (the reference server's value). */
const PREFLIGHT_MAX_AGE_SECONDS = 600

/** CORS answers of the mock HTTP server, computed per request origin. */
export interface MockCors {
  /** Headers for an actual response: allow headers only for an allowed origin, `Vary` always. */
  responseHeaders(origin: string | undefined): Record<string, string>
  /** Headers for a preflight (`OPTIONS` with `Access-Control-Request-Method`); no token is needed. */
  preflightHeaders(origin: string | undefined): Record<string, string>
}

/**
 * The reference server's CORS policy (@fastify/cors with an origin function): listed origins get
 * their own origin back with credentials, `Authorization` and `Content-Type`, and the contract's
 * methods; any other origin gets no `Access-Control-Allow-*` header at all (not even on a
 * preflight), and `*` is never sent because credentials are allowed.
 */
export function createMockCors(allowedOrigins: readonly string[], methods: readonly string[]): MockCors {
  if (allowedOrigins.includes('*')) throw new Error('CORS origins cannot be "*" because credentials are allowed')
  const allowed = new Set(allowedOrigins)
  // Answers differ per Origin, so caches must key on it (also for refused origins).
  const vary = { vary: 'Origin' }
  const responseHeaders = (origin: string | undefined): Record<string, string> =>
    origin !== undefined && allowed.has(origin) ? { 'access-control-allow-origin': origin, 'access-control-allow-credentials': 'true', ...vary } : { ...vary }
  return {
    responseHeaders,
    preflightHeaders(origin) {
      const headers = responseHeaders(origin)
      if (!('access-control-allow-origin' in headers)) return headers
      return {
        ...headers,
        'access-control-allow-methods': methods.join(', '),
        'access-control-allow-headers': MOCK_ALLOWED_HEADERS.join(', '),
        'access-control-max-age': String(PREFLIGHT_MAX_AGE_SECONDS),
      }
    },
  }
}
