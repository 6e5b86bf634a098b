import { parseArgs } from 'node:util'
import { createIssuer } from '../mocks/issuer/index.ts'
import { ConfigError, loadConfig } from '../reference-server/config/load-config.ts'
import { closeGracefully, startServer } from '../reference-server/server.ts'
import type { CommandIo } from '../reference-server/serve-command.ts'

export const START_USAGE = `Usage: tck start [options]

Starts a simulated Better Auth issuer and the reference Task API trusting it, on the embedded
database (PGlite in PGLITE_DATA_DIR, default .tck/pglite) unless DATABASE_URL is set, and prints
a ready-to-paste curl line with a fresh token. Other settings come from the environment
(see tck serve --help); JWKS_URL, JWT_ISSUER and JWT_AUDIENCE are set to the issuer's.

Options:
  --port N          API port (default 8000; 0 picks a free one)
  --issuer-port N   issuer port (default 3000, where Better Auth would be; 0 picks a free one)
  --host ADDR       address for both (default 127.0.0.1)
  --user ID         user id of the printed token (default user_alice)
  --state-dir DIR   where the issuer keeps its keys (default .tck/issuer)
  -h, --help        shows this help
`

/** `tck start` (what `npm start` runs). @returns an exit code on bad input; nothing while running. */
export async function runStartCommand(argv: string[], env: Record<string, string | undefined>, io: CommandIo): Promise<number | undefined> {
  let values
  try {
    ({ values } = parseArgs({
      args: argv,
      options: {
        port: { type: 'string', default: env.PORT ?? '8000' },
        'issuer-port': { type: 'string', default: '3000' },
        host: { type: 'string', default: env.HOST ?? '127.0.0.1' },
        user: { type: 'string', default: 'user_alice' },
        'state-dir': { type: 'string', default: '.tck/issuer' },
        help: { type: 'boolean', short: 'h' },
      },
    }))
  } catch (error) {
    io.stderr.write(`${(error as Error).message}\n\n${START_USAGE}`)
    return 2
  }
  if (values.help) {
    io.stdout.write(START_USAGE)
    return 0
  }
  const issuerPort = Number(values['issuer-port'])
  if (!Number.isInteger(issuerPort) || issuerPort < 0 || issuerPort > 65_535) {
    io.stderr.write(`--issuer-port must be an integer from 0 to 65535\n`)
    return 2
  }
  const issuer = await createIssuer({ stateDir: values['state-dir'] })
  const issuerListener = await issuer.listen({ port: issuerPort, host: values.host })
  let config
  try {
    // The fault switch is for `tck check --self-test` only: `tck start` always serves the correct server.
    const { TCK_FAULT: _fault, ...safeEnv } = env
    config = loadConfig({
      ...safeEnv,
      JWKS_URL: `${issuer.baseUrl}/api/auth/jwks`,
      JWT_ISSUER: issuer.issuer,
      JWT_AUDIENCE: issuer.audience,
      PORT: values.port,
      HOST: values.host,
    })
  } catch (error) {
    await issuerListener.close()
    if (!(error instanceof ConfigError)) throw error
    io.stderr.write(`${error.message}\n`)
    return 2
  }
  const { app, url } = await startServer(config)
  closeGracefully(app, () => issuerListener.close())

  const user = values.user
  const token = await issuer.mint({ sub: user })
  const database = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${config.pgliteDataDir}`
  io.stdout.write(`tasks-tck is running
  Task API   ${url}   (database: ${database})
  Issuer     ${issuer.baseUrl}   (JWKS ${config.jwksUrl})
  Contract   ${url}/openapi.json

Try it (token for ${user}, valid 15 minutes; a dev token, printed on purpose):
  curl -H "Authorization: Bearer ${token}" ${url}/api/${user}/tasks
  curl -X POST -H "Authorization: Bearer ${token}" -H "Content-Type: application/json" -d '{"title":"Buy milk"}' ${url}/api/${user}/tasks

New token: curl '${issuer.baseUrl}/api/auth/token?sub=${user}'
Ready. Stop with Ctrl+C.
`)
  return undefined
}
