/**
 * `tasks-tck/server`: the reference Task API server for embedding in a test or a tool.
 *
 *   const config = loadConfig({ JWKS_URL, JWT_ISSUER, JWT_AUDIENCE, PORT: '0', PGLITE_DATA_DIR: 'memory://' })
 *   const { app, url } = await startServer(config)   // … then await app.close()
 *
 * `buildApp` builds the same Fastify app without listening (use `app.inject`). Without
 * `DATABASE_URL` the tasks live in embedded PGlite (`PGLITE_DATA_DIR`, default `.tck/pglite`).
 */
export { BODY_LIMIT_BYTES, buildApp } from './app.ts'
export type { AppDependencies } from './app.ts'
export type { AppOverrides, HookContext } from './app-overrides.ts'
export { startServer } from './server.ts'
export { closeGracefully, SHUTDOWN_GRACE_MS } from '../shared/process/close-gracefully.ts'
export { ConfigError, loadConfig } from './config/load-config.ts'
export type { ServerConfig } from './config/load-config.ts'
export {
  DEFAULT_VERIFY_CACHE_MAX_ENTRIES,
  withVerifiedTokenCache,
  type CachingTokenVerifier,
  type VerifiedTokenCacheOptions,
  type VerifyCacheStats,
} from '../shared/auth-node/verified-token-cache.ts'
