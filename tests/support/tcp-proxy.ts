import { createConnection, createServer, type Server, type Socket } from 'node:net'

/** How the proxy treats traffic. */
export type ProxyMode = 'open' | 'cut' | 'blackhole' | 'paused'

/** A TCP proxy in front of a real server (PostgreSQL, an issuer), to inject network faults. */
export interface TcpProxy {
  /** `127.0.0.1` and the port clients should connect to. */
  readonly host: string
  readonly port: number
  readonly mode: ProxyMode
  /** Connections accepted since the proxy started. */
  readonly accepted: number
  /** Destroys every open connection and refuses new ones (RST), like a stopped server. */
  cut(): void
  /**
   * Accepts new connections but never relays them, and holds the bytes of open ones, like a frozen
   * server or a partitioned network: nothing answers, only a client-side timeout ends a request.
   */
  blackhole(): void
  /** Holds bytes in both directions (nothing is lost) until `restore()`, like a very slow link. */
  pause(): void
  /** Back to relaying; new connections are accepted and held bytes are delivered. */
  restore(): void
  close(): Promise<void>
}

interface Pair {
  client: Socket
  upstream: Socket
}

/**
 * Starts a proxy on an ephemeral port relaying to `target`. `cut()` closes the listener itself, so
 * new connections are refused by the kernel (ECONNREFUSED), exactly like a stopped PostgreSQL.
 */
export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  let mode: ProxyMode = 'open'
  let accepted = 0
  const pairs = new Set<Pair>()
  // Sockets accepted in blackhole mode: kept open, read and ignored.
  const swallowed = new Set<Socket>()

  const holding = () => mode === 'paused' || mode === 'blackhole'
  const relay = (from: Socket, to: Socket) => {
    from.on('data', (chunk) => {
      if (!to.write(chunk)) {
        from.pause()
        to.once('drain', () => {
          if (!holding()) from.resume()
        })
      }
    })
  }

  const onConnection = (client: Socket) => {
    accepted += 1
    client.on('error', () => {})
    if (mode === 'cut') {
      client.resetAndDestroy()
      return
    }
    if (mode === 'blackhole') {
      swallowed.add(client)
      client.on('data', () => {})
      client.on('close', () => swallowed.delete(client))
      return
    }
    const upstream = createConnection(target)
    upstream.on('error', () => {})
    const pair = { client, upstream }
    pairs.add(pair)
    if (holding()) {
      client.pause()
      upstream.pause()
    }
    relay(client, upstream)
    relay(upstream, client)
    const end = () => {
      pairs.delete(pair)
      client.destroy()
      upstream.destroy()
    }
    client.on('close', end)
    upstream.on('close', end)
  }

  let server: Server = createServer(onConnection)
  let port = 0
  const listen = (srv: Server, onPort: number) =>
    new Promise<void>((resolve, reject) => {
      srv.once('error', reject)
      srv.listen(onPort, '127.0.0.1', () => {
        srv.off('error', reject)
        port = (srv.address() as { port: number }).port
        resolve()
      })
    })
  await listen(server, 0)

  const closeServer = (srv: Server) => new Promise<void>((resolve) => srv.close(() => resolve()))
  let listening = true
  const reopen = async () => {
    if (listening) return
    server = createServer(onConnection)
    // The port was ours a moment ago; retry briefly in case the kernel still holds it.
    for (let attempt = 0; ; attempt++) {
      try {
        await listen(server, port)
        break
      } catch (error) {
        if (attempt >= 50) throw error
        await new Promise((resolve) => setTimeout(resolve, 20))
      }
    }
    listening = true
  }
  let pending: Promise<void> = Promise.resolve()
  const serially = (step: () => Promise<void> | void) => {
    pending = pending.then(step, step)
    return pending
  }

  const destroyAll = () => {
    for (const { client, upstream } of pairs) {
      client.resetAndDestroy()
      upstream.destroy()
    }
    pairs.clear()
    for (const s of swallowed) s.resetAndDestroy()
    swallowed.clear()
  }

  return {
    host: '127.0.0.1',
    get port() {
      return port
    },
    get mode() {
      return mode
    },
    get accepted() {
      return accepted
    },
    cut() {
      mode = 'cut'
      destroyAll()
      if (listening) {
        listening = false
        void serially(() => closeServer(server))
      }
    },
    blackhole() {
      mode = 'blackhole'
      for (const { client, upstream } of pairs) {
        client.pause()
        upstream.pause()
      }
      void serially(reopen)
    },
    pause() {
      mode = 'paused'
      for (const { client, upstream } of pairs) {
        client.pause()
        upstream.pause()
      }
    },
    restore() {
      mode = 'open'
      // Connections accepted by the blackhole never reached the target: they end, like a SYN that timed out.
      for (const s of swallowed) s.resetAndDestroy()
      swallowed.clear()
      for (const { client, upstream } of pairs) {
        client.resume()
        upstream.resume()
      }
      void serially(reopen)
    },
    async close() {
      mode = 'cut'
      destroyAll()
      await serially(async () => {
        if (listening) {
          listening = false
          await closeServer(server)
        }
      })
    },
  }
}

/** Resolves once the proxy's pending listener change (after `cut()`/`restore()`) has taken effect. */
export async function settle(ms = 50): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, ms))
}
