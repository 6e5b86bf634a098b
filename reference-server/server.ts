import type { FastifyInstance } from 'fastify'
import { httpUrl } from '../shared/net/url-host.ts'
import { buildApp, type AppDependencies } from './app.ts'
import type { ServerConfig } from './config/load-config.ts'

/** Builds the app and listens on `config.host:config.port`. @returns the app and its base URL. */
export async function startServer(config: ServerConfig, deps?: AppDependencies): Promise<{ app: FastifyInstance; url: string }> {
  const app = await buildApp(config, deps)
  await app.listen({ port: config.port, host: config.host })
  const address = app.server.address()
  const port = typeof address === 'object' && address ? address.port : config.port
  return { app, url: httpUrl(config.host, port) }
}
