/**
 * Child-process entry of the floor server (so its CPU and RSS are its own): configured from the
 * same environment as `tck serve` (JWKS_URL, JWT_ISSUER, JWT_AUDIENCE, PORT, HOST), prints
 * `Floor listening on <url>`, exits on SIGTERM/SIGINT.
 */
import { loadConfig } from '../reference-server/config/load-config.ts'
import { httpUrl } from '../shared/net/url-host.ts'
import { waitForStop } from '../shared/process/wait-for-stop.ts'
import { buildFloorApp } from './floor-server.ts'

const config = loadConfig(process.env)
const app = buildFloorApp(config)
await app.listen({ port: config.port, host: config.host })
const address = app.server.address()
const port = typeof address === 'object' && address ? address.port : config.port
process.stdout.write(`Floor listening on ${httpUrl(config.host, port)}\n`)
void waitForStop()
  .stopped.then(() => app.close())
  .then(() => process.exit(0))
