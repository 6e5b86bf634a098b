import { join } from 'node:path'
import { createIssuer } from '../mocks/issuer/index.ts'
import { secureStateDir } from '../shared/fs/secure-state-dir.ts'
import { ConfigError, loadConfig } from '../reference-server/config/load-config.ts'
import { readServerExposure } from '../shared/http/server-timeouts.ts'
import { startServer } from '../reference-server/server.ts'
import { parseCommandArgs, type CommandIo } from '../shared/cli/command-support.ts'
import { closeGracefully } from '../shared/process/close-gracefully.ts'
import { loadOrCreateAuthSecret } from '../web/web-stack/auth-secret.ts'
import { ensureDemoAccount } from '../web/web-stack/demo-account.ts'
import { startWebStack } from '../web/web-stack/start-web-stack.ts'
import { betterAuthTokenLine, simulatedTokenLine, tryItLines } from '../shared/cli/try-it-lines.ts'

export const START_USAGE = `Usage: tck start [options]

Starts the whole stack on the embedded database (PGlite under --state-dir) unless DATABASE_URL is
set: Better Auth (email + password, JWT plugin) serving the React web app on port 3000, and the
reference Task API on port 8000 trusting its JWKS. Open the printed web URL, sign up, manage tasks.
A demo account is kept ready, with curl lines that sign it in and call the API (no token is printed).

With --auth simulated it starts the simulated issuer (mocks/issuer) instead of Better Auth: no web
app, tokens for any user id. Other API settings come from the environment (see tck serve --help);
JWKS_URL, JWT_ISSUER and JWT_AUDIENCE are set to the issuer's, its origins added to CORS_ORIGINS.
BETTER_AUTH_SECRET is used when set, else a generated secret is kept in <state-dir>/auth-secret.
REQUEST_TIMEOUT_MS, HEADERS_TIMEOUT_MS, KEEP_ALIVE_TIMEOUT_MS and ALLOWED_HOSTS apply to every
server it starts; on the default loopback --host they answer only localhost, *.localhost, 127.0.0.1,
[::1] and ALLOWED_HOSTS (another Host header gets 421).

Options:
  --auth MODE       better-auth (default) or simulated
  --port N          API port (default 8000; 0 picks a free one)
  --web-port N      Better Auth + web app port, or the simulated issuer's (default 3000; 0 picks a free one)
  --host ADDR       address for both (default 127.0.0.1)
  --token-ttl S     JWT lifetime in seconds (default 900, Better Auth's 15 minutes)
  --user ID         user id of the printed curl lines, simulated mode only (default user_alice)
  --state-dir DIR   local state: keys, secret, demo account, auth database (default .tck)
  -h, --help        shows this help
`

/**
 * What `tck start` writes in its state dir (the default PGlite folders, the built web app, the secret,
 * the demo account, the simulated issuer's keys). Only these are tightened: `--state-dir .` may be a
 * project folder whose other files are the user's and keep their modes.
 */
const START_STATE_ENTRIES = ['pglite', 'pglite-auth', 'web', 'auth-secret', 'demo-account.json', 'issuer']

/** `tck start` (what `npm start` runs). @returns an exit code on bad input; nothing while running. */
export async function runStartCommand(argv: string[], env: Record<string, string | undefined>, io: CommandIo): Promise<number | undefined> {
  const parsed = parseCommandArgs(
    argv,
    {
      auth: { type: 'string', default: 'better-auth' },
      port: { type: 'string', default: env.PORT ?? '8000' },
      'web-port': { type: 'string', default: '3000' },
      // The name before the web app existed; kept so existing scripts keep working.
      'issuer-port': { type: 'string' },
      host: { type: 'string', default: env.HOST ?? '127.0.0.1' },
      'token-ttl': { type: 'string', default: '900' },
      user: { type: 'string', default: 'user_alice' },
      'state-dir': { type: 'string', default: '.tck' },
      help: { type: 'boolean', short: 'h' },
    },
    { usage: START_USAGE, io },
  )
  if ('exitCode' in parsed) return parsed.exitCode
  const { values } = parsed
  const problems: string[] = []
  const webPort = Number(values['issuer-port'] ?? values['web-port'])
  if (!Number.isInteger(webPort) || webPort < 0 || webPort > 65_535) problems.push('--web-port must be an integer from 0 to 65535')
  const tokenTtl = Number(values['token-ttl'])
  if (!Number.isInteger(tokenTtl) || tokenTtl < 1 || tokenTtl > 86_400) problems.push('--token-ttl must be a whole number of seconds from 1 to 86400')
  if (values.auth !== 'better-auth' && values.auth !== 'simulated') problems.push('--auth must be better-auth or simulated')
  if (problems.length > 0) {
    io.stderr.write(`${problems.join('\n')}\n`)
    return 2
  }
  // The fault switch is for `tck check --self-test` only: `tck start` always serves the correct server.
  const { TCK_FAULT: _fault, ...safeEnv } = env
  const common = { env: safeEnv, port: values.port, host: values.host, webPort, tokenTtl, stateDir: values['state-dir'] }
  // What the toolkit keeps in the state dir is owner-only (F11), also what an older version left open; walked
  // again once running for files others wrote with their own modes (copyFile keeps index.html's 0644).
  await secureStateDir(common.stateDir, START_STATE_ENTRIES)
  const exitCode = await (values.auth === 'simulated' ? startSimulated({ ...common, user: values.user }, io) : startBetterAuth(common, io))
  if (exitCode === undefined) await secureStateDir(common.stateDir, START_STATE_ENTRIES)
  return exitCode
}

interface StartOptions {
  env: Record<string, string | undefined>
  port: string
  host: string
  webPort: number
  tokenTtl: number
  stateDir: string
}

async function startBetterAuth(options: StartOptions, io: CommandIo): Promise<number | undefined> {
  const { env, stateDir } = options
  const memory = env.PGLITE_DATA_DIR?.trim() === 'memory://'
  let stack
  try {
    stack = await startWebStack({
      host: options.host,
      webPort: options.webPort,
      apiPort: Number(options.port),
      authSecret: await loadOrCreateAuthSecret(join(stateDir, 'auth-secret'), env.BETTER_AUTH_SECRET),
      authPgliteDataDir: memory ? 'memory://' : join(stateDir, 'pglite-auth'),
      apiEnv: { ...env, PGLITE_DATA_DIR: env.PGLITE_DATA_DIR ?? join(stateDir, 'pglite') },
      tokenTtlSeconds: options.tokenTtl,
      webOutDir: join(stateDir, 'web'),
    })
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    io.stderr.write(`${error.message}\n`)
    return 2
  }
  closeGracefully(stack.api, () => stack.auth.close())
  const { apiConfig, apiUrl, webUrl } = stack
  const database = apiConfig.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${apiConfig.pgliteDataDir}`
  const demo = await ensureDemoAccount(webUrl, join(stateDir, 'demo-account.json'))
  io.stdout.write(`tasks-tck is running
  Web app    ${webUrl}   (sign up, then manage your tasks)
  Auth       ${webUrl}/api/auth   (Better Auth; JWKS ${apiConfig.jwksUrl})
  Task API   ${apiUrl}   (database: ${database})
  Contract   ${apiUrl}/openapi.json

Demo account: ${demo.email} / ${demo.password}   (local only; kept in ${join(stateDir, 'demo-account.json')})
Try it (the first line signs the demo account in and keeps a token, valid ${describeSeconds(options.tokenTtl)}, in $TOKEN):
${tryItLines({ tokenLine: betterAuthTokenLine(webUrl, demo), apiUrl, userId: demo.userId })}
Ready. Stop with Ctrl+C.
`)
  return undefined
}

async function startSimulated(options: StartOptions & { user: string }, io: CommandIo): Promise<number | undefined> {
  const { env: safeEnv, webPort: issuerPort, stateDir } = options
  const values = { host: options.host, port: options.port, user: options.user, 'state-dir': join(stateDir, 'issuer') }
  const issuer = await createIssuer({ stateDir: values['state-dir'], tokenTtlSeconds: options.tokenTtl })
  // The API's timeouts and Host names for the issuer too (F6, F12); a bad value is reported by loadConfig below.
  const issuerListener = await issuer.listen({ port: issuerPort, host: values.host, ...readServerExposure(safeEnv, []) })
  let config
  try {
    config = loadConfig({
      ...safeEnv,
      PGLITE_DATA_DIR: safeEnv.PGLITE_DATA_DIR ?? join(stateDir, 'pglite'),
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
  const database = config.databaseUrl ? 'PostgreSQL (DATABASE_URL)' : `PGlite in ${config.pgliteDataDir}`
  io.stdout.write(`tasks-tck is running
  Task API   ${url}   (database: ${database})
  Issuer     ${issuer.baseUrl}   (JWKS ${config.jwksUrl})
  Contract   ${url}/openapi.json

Try it (the first line gets a token for ${user}, valid ${describeSeconds(options.tokenTtl)}, into $TOKEN; any ?sub= works):
${tryItLines({ tokenLine: simulatedTokenLine(issuer.baseUrl, user), apiUrl: url, userId: user })}
Ready. Stop with Ctrl+C.
`)
  return undefined
}

function describeSeconds(seconds: number): string {
  return seconds % 60 === 0 ? `${seconds / 60} minutes` : `${seconds} seconds`
}
