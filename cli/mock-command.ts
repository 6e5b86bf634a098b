import { ConfigError, loadConfig } from '../reference-server/config/load-config.ts'
import { ISSUER_HANDLER_PATHS } from '../mocks/msw/issuer-handlers.ts'
import { startMockServer, type MockServer } from '../mocks/msw/mock-server.ts'
import { parseCommandArgs, type CommandIo } from '../shared/cli/command-support.ts'
import { simulatedTokenLine, tryItLines } from '../shared/cli/try-it-lines.ts'
import { waitForStop } from '../shared/process/wait-for-stop.ts'
import { JWT_ENV_USAGE, SERVER_ENV_USAGE } from './server-env-usage.ts'

/** Usage text of `tck mock` (printed by `--help`). */
export const MOCK_USAGE = `Usage: tck mock [--port N] [--host ADDR] [--seed N]

Serves a stateful mock of the Task API (MSW handlers over HTTP): JWT verification, ownership,
validation and the contract's examples, with no database. Configured like \`tck serve\`:

  JWKS_URL        issuer's JWKS; when unset, an in-process simulated issuer is served by the
                  mock itself at /api/auth/jwks and /api/auth/token (iss = aud = the mock's URL)
${JWT_ENV_USAGE}
${SERVER_ENV_USAGE}

An unauthenticated request is answered 401 before its body is read, and that connection is closed.

Per request: \`Prefer: code=404\` or \`Prefer: example=emptyList\` answers a documented response,
once the token is valid and the path is the caller's own (401 and 403 come first, as on the server).

Options:
  --port N        overrides PORT
  --host ADDR     overrides HOST
  --seed N        fills user_alice and user_bob with 3 fake tasks each (Faker seed N)
  --engine msw    the mock engine (msw is the only one this command runs)
  -h, --help      shows this help
`

/** The environment variables the mock reads; anything else (DATABASE_URL, TCK_FAULT, …) is ignored. */
const MOCK_ENV = [
  'JWKS_URL',
  'JWT_ISSUER',
  'JWT_AUDIENCE',
  'JWT_ALGORITHMS',
  'JWT_CLOCK_TOLERANCE_SECONDS',
  'JWKS_COOLDOWN_SECONDS',
  'JWKS_CACHE_MAX_AGE_SECONDS',
  'JWKS_TIMEOUT_MS',
  'CORS_ORIGINS',
  'PORT',
  'HOST',
  'REQUEST_TIMEOUT_MS',
  'HEADERS_TIMEOUT_MS',
  'KEEP_ALIVE_TIMEOUT_MS',
  'ALLOWED_HOSTS',
  'MAX_TASKS_PER_USER',
  'VERIFY_CACHE',
  'VERIFY_CACHE_MAX_ENTRIES',
] as const

// loadConfig requires JWKS_URL; the mock does not (it then runs its own issuer), so a stand-in satisfies the check.
const NO_JWKS_URL = 'http://jwks-url.invalid/'

/**
 * `tck mock`. @returns an exit code when it ends at once (help, bad input: 2), or `undefined`
 * while serving; SIGTERM/SIGINT (or `io.signal`) closes the server.
 */
export async function runMockCommand(argv: string[], env: Record<string, string | undefined>, io: CommandIo): Promise<number | undefined> {
  const parsed = parseCommandArgs(
    argv,
    {
      port: { type: 'string' },
      host: { type: 'string' },
      seed: { type: 'string' },
      engine: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    { usage: MOCK_USAGE, prefix: 'tck mock: ', io },
  )
  if ('exitCode' in parsed) return parsed.exitCode
  const { values } = parsed
  if (values.engine !== undefined && values.engine !== 'msw') {
    io.stderr.write(`tck mock: --engine ${values.engine} is not run by this command (it runs msw)\n`)
    return 2
  }
  const seed = values.seed === undefined ? undefined : Number(values.seed)
  if (seed !== undefined && !Number.isInteger(seed)) {
    io.stderr.write(`tck mock: --seed must be an integer\n`)
    return 2
  }
  const picked = Object.fromEntries(MOCK_ENV.map((name) => [name, env[name]]))
  let config
  try {
    config = loadConfig({
      ...picked,
      JWKS_URL: env.JWKS_URL?.trim() || NO_JWKS_URL,
      ...(values.port && { PORT: values.port }),
      ...(values.host && { HOST: values.host }),
    })
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error
    io.stderr.write(`tck mock: ${error.message}\n`)
    return 2
  }
  const jwksUrl = config.jwksUrl === NO_JWKS_URL ? undefined : config.jwksUrl
  const mock = await startMockServer({ ...config, jwksUrl, ...(seed !== undefined && { seed }) })
  io.stdout.write(banner(mock, jwksUrl, config.jwtIssuer))
  void waitForStop(io.signal).stopped.then(() => mock.close())
  return undefined
}

function banner(mock: MockServer, jwksUrl: string | undefined, jwtIssuer: string | undefined): string {
  const { url, issuer } = mock
  if (!issuer) {
    return `tck mock (msw) listening on ${url}\n  Issuer   ${jwtIssuer ?? new URL(jwksUrl!).origin} (JWKS ${jwksUrl})\nReady. Stop with Ctrl+C.\n`
  }
  // No token in the output (the project's rule): the line fetches one from the mock's own issuer when run.
  return [
    `tck mock (msw) listening on ${url}`,
    `  Issuer   ${issuer.baseUrl}   (in-process; JWKS ${url}${ISSUER_HANDLER_PATHS.jwks})`,
    '',
    "Try it (a token for user_alice from the mock's own issuer, valid 15 minutes):",
    tryItLines({ tokenLine: simulatedTokenLine(url, 'user_alice'), apiUrl: url, userId: 'user_alice' }).trimEnd(),
    '',
    'Ready. Stop with Ctrl+C.',
    '',
  ].join('\n')
}
