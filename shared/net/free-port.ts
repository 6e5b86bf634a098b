import { createServer } from 'node:net'

/**
 * Asks the OS for a currently free TCP port on `host` (listen on 0, read the port, close).
 * Another process may take the port before the caller binds it; callers that spawn a server on
 * it should retry on `EADDRINUSE` (see `spawnPrism`).
 * @param host bind address to probe. Default `'127.0.0.1'`.
 */
export function findFreePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer()
    server.unref()
    server.once('error', reject)
    server.listen(0, host, () => {
      const address = server.address()
      const port = typeof address === 'object' && address !== null ? address.port : 0
      server.close((error) => (error ? reject(error) : resolve(port)))
    })
  })
}
