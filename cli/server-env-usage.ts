/**
 * The environment lines of the usage texts of `tck serve` and `tck mock`: both read the reference
 * server's configuration (reference-server/config/load-config.ts), so they describe it once. A
 * module of its own, so `tck mock` does not load the server to print its help.
 */

/** The token claims and algorithms (after each command's own JWKS_URL line). */
export const JWT_ENV_USAGE = `  JWT_ISSUER      expected iss (checked when set)
  JWT_AUDIENCE    expected aud, comma-separated (checked when set)
  JWT_ALGORITHMS  pinned algorithms, comma-separated (default EdDSA)`

/** Origins, address, client limits, Host rule and quota. */
export const SERVER_ENV_USAGE = `  CORS_ORIGINS    allowed origins, comma-separated (default http://localhost:3000)
  PORT, HOST      where to listen (default 8000, 127.0.0.1)
  REQUEST_TIMEOUT_MS, HEADERS_TIMEOUT_MS, KEEP_ALIVE_TIMEOUT_MS
                  a slow client's limits in ms (default 30000, 10000, 5000): 408 and close
  ALLOWED_HOSTS   host names served besides localhost, *.localhost, 127.0.0.1, [::1] and HOST;
                  on a loopback HOST any other Host header gets 421 (DNS rebinding)
  MAX_TASKS_PER_USER  most tasks per user (default 10000); one more is 409 TASK_QUOTA_EXCEEDED
  VERIFY_CACHE    on|off: answer a token already verified without its signature check, until
                  its exp and while its key is in the JWKS (default on)
  VERIFY_CACHE_MAX_ENTRIES  tokens the cache keeps, least recently used dropped (default 10000)`
