import { createServer, type RequestListener, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { PROBLEM_CONTENT_TYPE, problem } from '../../contracts/error-registry.ts'
import { createHostRule, withHostCheck, type HostRefusal, type HostRuleOptions } from './allowed-host.ts'
import { DEFAULT_SERVER_TIMEOUTS, httpServerOptions, type ServerTimeouts } from './server-timeouts.ts'

/** Options of {@link createDevServer}: the Host rule's, plus the client time limits. */
export interface DevServerOptions extends HostRuleOptions {
  /** Request, header and keep-alive timeouts. Default `DEFAULT_SERVER_TIMEOUTS` (30 s, 10 s, 5 s). */
  timeouts?: ServerTimeouts | undefined
}

/** What a request with a foreign `Host` gets on every node:http dev server: 421 HOST_NOT_ALLOWED problem JSON. */
export const HOST_REFUSAL: HostRefusal = Object.freeze({
  status: 421,
  contentType: PROBLEM_CONTENT_TYPE,
  body: JSON.stringify(problem('HOST_NOT_ALLOWED')),
})

/**
 * A node:http server with the exposure rules every dev server of the toolkit shares (security
 * review F6, F12): bounded client times, and on a loopback bind only its own Host names (421).
 * Not listening yet: see {@link listenOn}.
 */
export function createDevServer(options: DevServerOptions, listener: RequestListener): Server {
  const rule = createHostRule(options)
  return createServer(httpServerOptions(options.timeouts ?? DEFAULT_SERVER_TIMEOUTS), withHostCheck(rule, HOST_REFUSAL, listener))
}

/**
 * Listens on `host:port` (0 picks a free port). Rejects on a bind error (`EADDRINUSE`, …) instead
 * of leaving it to the server's `error` event. @returns the bound port.
 */
export async function listenOn(server: Server, port: number, host: string): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject)
    server.listen(port, host, () => {
      server.off('error', reject)
      resolve()
    })
  })
  return (server.address() as AddressInfo).port
}

/**
 * A `close()` for `server` that stops listening and drops open connections at once (fetch keeps
 * idle keep-alive sockets, which would otherwise hold `close` open). Safe to call twice: every call
 * returns the first call's promise.
 */
export function closeNow(server: Server): () => Promise<void> {
  let closed: Promise<void> | undefined
  return () =>
    (closed ??= new Promise<void>((resolve, reject) => {
      server.close((err) => (err ? reject(err) : resolve()))
      server.closeAllConnections()
    }))
}
