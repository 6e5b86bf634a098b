import { ConfigError, loadConfig } from '../reference-server/config/load-config.ts'
import { startServer } from '../reference-server/server.ts'
import { parseCommandArgs, type CommandIo } from '../shared/cli/command-support.ts'
import { closeGracefully } from '../shared/process/close-gracefully.ts'
import { JWT_ENV_USAGE, SERVER_ENV_USAGE } from './server-env-usage.ts'

export const SERVE_USAGE = `Usage: tck serve [--port N] [--host ADDR]

Starts the reference Task API (Fastify) and keeps running until SIGTERM/SIGINT.
Configuration comes from the environment (see .env.example):

  JWKS_URL        issuer's JWKS, e.g. http://localhost:3000/api/auth/jwks (required)
${JWT_ENV_USAGE}
  DATABASE_URL    PostgreSQL URL; without it, embedded PGlite in PGLITE_DATA_DIR (default .tck/pglite)
${SERVER_ENV_USAGE}

Options:
  --port N        overrides PORT
  --host ADDR     overrides HOST
  -h, --help      shows this help
`

/** `tck serve`. @returns an exit code when it ends at once (help, bad input); nothing while serving. */
export async function runServeCommand(argv: string[], env: Record<string, string | undefined>, io: CommandIo): Promise<number | undefined> {
  const parsed = parseCommandArgs(
    argv,
    { port: { type: 'string' }, host: { type: 'string' }, help: { type: 'boolean', short: 'h' } },
    { usage: SERVE_USAGE, io },
  )
  if ('exitCode' in parsed) return parsed.exitCode
  const { values } = parsed
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
