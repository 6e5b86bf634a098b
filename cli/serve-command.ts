import { parseArgs } from 'node:util'
import { ConfigError, loadConfig } from '../reference-server/config/load-config.ts'
import { closeGracefully, startServer } from '../reference-server/server.ts'

export const SERVE_USAGE = `Usage: tck serve [--port N] [--host ADDR]

Starts the reference Task API (Fastify) and keeps running until SIGTERM/SIGINT.
Configuration comes from the environment (see .env.example):

  JWKS_URL        issuer's JWKS, e.g. http://localhost:3000/api/auth/jwks (required)
  JWT_ISSUER      expected iss (checked when set)
  JWT_AUDIENCE    expected aud, comma-separated (checked when set)
  JWT_ALGORITHMS  pinned algorithms, comma-separated (default EdDSA)
  DATABASE_URL    PostgreSQL URL; without it, embedded PGlite in PGLITE_DATA_DIR (default .tck/pglite)
  CORS_ORIGINS    allowed origins, comma-separated (default http://localhost:3000)
  PORT, HOST      where to listen (default 8000, 127.0.0.1)
  REQUEST_TIMEOUT_MS, HEADERS_TIMEOUT_MS, KEEP_ALIVE_TIMEOUT_MS
                  a slow client's limits in ms (default 30000, 10000, 5000): 408 and close
  ALLOWED_HOSTS   host names served besides localhost, *.localhost, 127.0.0.1, [::1] and HOST;
                  on a loopback HOST any other Host header gets 421 (DNS rebinding)
  MAX_TASKS_PER_USER  most tasks per user (default 10000); one more is 409 TASK_QUOTA_EXCEEDED

Options:
  --port N        overrides PORT
  --host ADDR     overrides HOST
  -h, --help      shows this help
`

export interface CommandIo {
  stdout: NodeJS.WritableStream
  stderr: NodeJS.WritableStream
}

/** `tck serve`. @returns an exit code when it ends at once (help, bad input); nothing while serving. */
export async function runServeCommand(argv: string[], env: Record<string, string | undefined>, io: CommandIo): Promise<number | undefined> {
  let values
  try {
    ({ values } = parseArgs({ args: argv, options: { port: { type: 'string' }, host: { type: 'string' }, help: { type: 'boolean', short: 'h' } } }))
  } catch (error) {
    io.stderr.write(`${(error as Error).message}\n\n${SERVE_USAGE}`)
    return 2
  }
  if (values.help) {
    io.stdout.write(SERVE_USAGE)
    return 0
  }
  let config
  try {
    config = loadConfig({ ...env, ...(values.port && { PORT: values.port }), ...(values.host && { HOST: values.host }) })
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    io.stderr.write(`${error.message}\n`)
    return 2
  }
  const { app, url } = await startServer(config)
  closeGracefully(app)
  io.stdout.write(`Task API listening on ${url} (database: ${app.database.kind}, JWKS: ${config.jwksUrl})\n`)
  return undefined
}
