import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http'

/**
 * The Host rule of every dev server (DNS rebinding, security review F12): a page on
 * `rebind.evil.example` whose name an attacker re-points at 127.0.0.1 reaches a loopback server
 * with its own name in `Host`, so a server on loopback answers only the names it is really called
 * by. Knows nothing about tasks or tokens: the caller chooses the refusal's body.
 */

/** Options of {@link createHostRule}. */
export interface HostRuleOptions {
  /** The address the server binds (`HOST`), e.g. `127.0.0.1` or `0.0.0.0`. */
  bindHost: string
  /** `ALLOWED_HOSTS`: further names (no port), e.g. a tunnel's. Setting any turns the check on for every bind address. */
  allowedHosts?: readonly string[]
  /** Names the server itself publishes (its configured public URL's host name). Default none. */
  ownHosts?: readonly string[]
}

/** A compiled Host rule. */
export interface HostRule {
  /** False when nothing is checked: a wildcard or LAN bind without `ALLOWED_HOSTS` (a deployment behind its own proxy). */
  readonly active: boolean
  /** True when `host` (a `Host` header value, port included) may be served. A missing header (HTTP/1.0 tools) is allowed. */
  allows(host: string | undefined): boolean
}

/** Loopback spellings that need no configuration, with any port. */
const LOOPBACK_NAMES = new Set(['localhost', '127.0.0.1', '::1'])

/** True for a bind address only this machine can reach: `localhost`, 127.0.0.0/8, `::1`. */
export function isLoopbackAddress(host: string): boolean {
  const name = normalizeName(host)
  return name === 'localhost' || name === '::1' || /^127(\.\d{1,3}){3}$/.test(name)
}

/**
 * A whole `Host` value (RFC 9110 §7.2: `uri-host [ ":" port ]`): a bracketed IP literal or a name
 * with no `:`, `[`, `]`, `@`, `/` or white space, then an optional numeric port, and nothing else. Anything
 * looser lets `localhost:80@evil.com`, `localhost:evil` or `[::1].evil.com` pass as a loopback name.
 */
const HOST_VALUE = /^(\[[^\]]+\]|[^:[\]@/\s]+)(:\d{1,5})?$/

/**
 * The lower-case host name of a `Host` value without port, brackets or a trailing dot;
 * `undefined` when the value is not a well-formed `host[:port]` (which is then refused).
 */
export function hostNameOf(host: string): string | undefined {
  const match = HOST_VALUE.exec(host.trim())
  return match ? normalizeName(match[1]!) : undefined
}

function normalizeName(name: string): string {
  return name
    .trim()
    .toLowerCase()
    .replace(/^\[|\]$/g, '')
    .replace(/\.$/, '')
}

/**
 * Compiles the rule: loopback names (`localhost`, `*.localhost`, `127.0.0.1`, `[::1]`) with any
 * port, the bind address, `ownHosts` and `allowedHosts` pass; anything else is refused — but only
 * when the server binds a loopback address or `allowedHosts` is set.
 */
export function createHostRule(options: HostRuleOptions): HostRule {
  const allowedHosts = (options.allowedHosts ?? []).map(normalizeName).filter(Boolean)
  const names = new Set([...LOOPBACK_NAMES, normalizeName(options.bindHost), ...(options.ownHosts ?? []).map(normalizeName), ...allowedHosts])
  const active = allowedHosts.length > 0 || isLoopbackAddress(options.bindHost)
  return {
    active,
    allows(host) {
      if (!active || host === undefined) return true
      const name = hostNameOf(host)
      return name !== undefined && (names.has(name) || name.endsWith('.localhost'))
    },
  }
}

/** What a refused request gets: a status, a media type and a body (e.g. a registry problem). */
export interface HostRefusal {
  status: number
  contentType: string
  body: string
}

/**
 * Wraps a node:http listener: a request whose `Host` the rule refuses gets `refusal` and
 * `Connection: close` at once (its body is never read); the others reach `listener`.
 */
export function withHostCheck(rule: HostRule, refusal: HostRefusal, listener: RequestListener): RequestListener {
  if (!rule.active) return listener
  return (req: IncomingMessage, res: ServerResponse) => {
    if (rule.allows(req.headers.host)) return listener(req, res)
    res
      .writeHead(refusal.status, {
        'content-type': refusal.contentType,
        'content-length': String(Buffer.byteLength(refusal.body)),
        'cache-control': 'no-store',
        connection: 'close',
      })
      .end(refusal.body)
  }
}
