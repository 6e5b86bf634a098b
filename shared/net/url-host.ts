/**
 * The host part of a URL that reaches a server bound to `host`. A wildcard bind (`0.0.0.0`, `::`)
 * is no address a client can call, so loopback stands in for it (also a secure context, which a
 * Service Worker needs); an IPv6 literal gets its brackets.
 */
export function urlHost(host: string): string {
  if (host === '0.0.0.0') return '127.0.0.1'
  if (host === '::') return '[::1]'
  return host.includes(':') ? `[${host}]` : host
}

/** `http://<host>:<port>` with {@link urlHost}'s rules, no trailing slash. */
export function httpUrl(host: string, port: number): string {
  return `http://${urlHost(host)}:${port}`
}
