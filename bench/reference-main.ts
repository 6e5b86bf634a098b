/**
 * Child-process entry of the reference server for the bench: what `tck serve` runs (loadConfig from
 * the environment, startServer), plus the verified-token cache's counters, which the bench needs
 * for the hit rate and `tck serve` does not print. Prints `Task API listening on <url>`; on SIGUSR2
 * prints `verify-cache-stats #<n> <json>` (n counts from 1) and keeps serving; on SIGTERM/SIGINT
 * prints `verify-cache-stats final <json>`, closes and exits. The JSON is `{hits, misses, size}`,
 * or `null` when the cache is off (VERIFY_CACHE=off) or this server has none.
 */
import type { FastifyInstance } from 'fastify'
import { loadConfig } from '../reference-server/config/load-config.ts'
import { startServer } from '../reference-server/server.ts'
import { waitForStop } from '../shared/process/wait-for-stop.ts'

/** The counters, read defensively: a server without the cache has no `verifyCache` decoration at all. */
export function verifyCacheStatsLine(app: FastifyInstance, label: string): string {
  const cache = (app as { verifyCache?: { stats(): { hits: number; misses: number; size: number } } }).verifyCache
  return `verify-cache-stats ${label} ${JSON.stringify(cache?.stats() ?? null)}\n`
}

const config = loadConfig(process.env)
const { app, url } = await startServer(config)
process.stdout.write(`Task API listening on ${url}\n`)
let snapshots = 0
process.on('SIGUSR2', () => process.stdout.write(verifyCacheStatsLine(app, `#${++snapshots}`)))
void waitForStop()
  .stopped.then(() => {
    process.stdout.write(verifyCacheStatsLine(app, 'final'))
    return app.close()
  })
  .then(() => process.exit(0))
