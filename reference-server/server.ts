import closeWithGrace from 'close-with-grace'
import type { FastifyInstance } from 'fastify'
import { buildApp, type AppDependencies } from './app.ts'
import type { ServerConfig } from './config/load-config.ts'

/** How long in-flight requests get to finish after SIGTERM/SIGINT, in milliseconds. */
export const SHUTDOWN_GRACE_MS = 10_000

/** Builds the app and listens on `config.host:config.port`. @returns the app and its base URL. */
export async function startServer(config: ServerConfig, deps?: AppDependencies): Promise<{ app: FastifyInstance; url: string }> {
  const app = await buildApp(config, deps)
  await app.listen({ port: config.port, host: config.host })
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : config.port
  return { app, url: `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}` }
}

/**
 * On SIGTERM/SIGINT stop accepting connections, let in-flight requests finish (Fastify's `close`
 * waits for them), close the database, then exit; a second signal or the grace delay forces exit.
 */
export function closeGracefully(app: FastifyInstance, onClosed: () => Promise<void> | void = () => {}) {
  closeWithGrace({ delay: SHUTDOWN_GRACE_MS }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'shutting down after an error')
    else app.log.info({ signal }, 'shutting down')
    await app.close()
    await onClosed()
  })
}
