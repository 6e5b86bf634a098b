import { closeNow, listenOn } from '../../shared/http/dev-server.ts'
import { httpUrl } from '../../shared/net/url-host.ts'
import { createIssuerServer } from './issuer-server.ts'
import type { Issuer, IssuerListener, ListenOptions } from './issuer-types.ts'
import { KeyStore } from './key-store.ts'
import { SimulatedIssuer, type SimulatedIssuerOptions } from './simulated-issuer.ts'

/** Options for {@link createIssuer}. */
export interface CreateIssuerOptions extends SimulatedIssuerOptions {
  /** Persist keys in `<stateDir>/keys.json` so restarts keep the kid. Default: in-memory keys. */
  stateDir?: string
}

/**
 * NODE: creates a simulated Better Auth JWT-plugin issuer (keys are loaded or generated, hence
 * async) that can also `listen()` over HTTP. A browser uses `createInMemoryIssuer()` instead.
 */
export async function createIssuer(options: CreateIssuerOptions = {}): Promise<Issuer> {
  const store = await KeyStore.open({
    ...(options.stateDir === undefined ? {} : { stateDir: options.stateDir }),
    ...(options.alg === undefined ? {} : { alg: options.alg }),
    ...(options.graceSeconds === undefined ? {} : { graceSeconds: options.graceSeconds }),
    ...(options.now === undefined ? {} : { now: options.now }),
  })
  return new SimulatedIssuer(store, options, serveIssuer)
}

/** The issuer's HTTP server (issuer-server.ts) on `host:port`; resolves once it listens. */
async function serveIssuer(
  issuer: Issuer,
  { port = 0, host = '127.0.0.1', allowedHosts, timeouts }: ListenOptions,
  ownHosts: string[],
): Promise<IssuerListener> {
  const server = createIssuerServer(issuer, { bindHost: host, ownHosts, ...(allowedHosts && { allowedHosts }), ...(timeouts && { timeouts }) })
  return { url: httpUrl(host, await listenOn(server, port, host)), close: closeNow(server) }
}
