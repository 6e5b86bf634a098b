import { createIssuer } from '../mocks/issuer/create-issuer.ts'
import type { CreateIssuerOptions } from '../mocks/issuer/create-issuer.ts'
import { ISSUER_PATHS } from '../mocks/issuer/issuer-server.ts'
import { ISSUER_ALGORITHMS, isIssuerAlgorithm } from '../mocks/issuer/signing-key.ts'
import { parseCommandArgs, parsePort, type CommandIo } from '../shared/cli/command-support.ts'
import { readServerExposure } from '../shared/http/server-timeouts.ts'
import { waitForStop } from '../shared/process/wait-for-stop.ts'

/** Usage text of `tck issuer`. */
export const ISSUER_USAGE = `Usage: tck issuer [options]

Runs a simulated Better Auth JWT-plugin issuer (dev/test only).

Options:
  --port <n>            TCP port, 0 for any free port (default 3000)
  --host <addr>         bind address (default 127.0.0.1)
  --state-dir <dir>     where signing keys persist across restarts (default .tck/issuer-<port>; with
                        --port 0, fresh keys in memory): two issuers never share keys by default
  --alg <alg>           ${ISSUER_ALGORITHMS.join(' | ')} (default: persisted key's, else EdDSA)
  --grace-seconds <n>   seconds a rotated-out key stays in the JWKS (default 900)
  --base-url <url>      issuer URL used as iss/aud when it differs from http://<host>:<port>
  --rotate              rotate the signing key once at start
  --help                show this help

Environment (as tck serve):
  REQUEST_TIMEOUT_MS, HEADERS_TIMEOUT_MS, KEEP_ALIVE_TIMEOUT_MS
                        a slow client's limits in ms (default 30000, 10000, 5000): 408 and close
  ALLOWED_HOSTS         host names served besides localhost, *.localhost, 127.0.0.1, [::1], the
                        bind address and --base-url's; on a loopback bind any other Host gets 421

POST /__tck/* refuses a foreign Origin (403) and a body that is not application/json (415).
`

const OPTIONS = {
  port: { type: 'string', default: '3000' },
  host: { type: 'string', default: '127.0.0.1' },
  'state-dir': { type: 'string' },
  alg: { type: 'string' },
  'grace-seconds': { type: 'string' },
  'base-url': { type: 'string' },
  rotate: { type: 'boolean', default: false },
  help: { type: 'boolean', default: false },
} as const

/**
 * `tck issuer`: serves the issuer until SIGTERM/SIGINT (or `io.signal` aborts), then closes it.
 * Returns the exit code: 0 after a clean stop or `--help`, 2 for bad options or environment, 1 when
 * it cannot start. From `env` it reads only the timeouts and `ALLOWED_HOSTS`; the rest is `argv`.
 */
export async function runIssuerCommand(argv: string[], io: Partial<CommandIo> = {}, env: Readonly<Record<string, string | undefined>> = {}): Promise<number> {
  const stdout = io.stdout ?? process.stdout
  const stderr = io.stderr ?? process.stderr
  const usageError = (message: string) => {
    stderr.write(`tck issuer: ${message}\n\n${ISSUER_USAGE}`)
    return 2
  }
  const parsed = parseCommandArgs(argv, OPTIONS, { usage: ISSUER_USAGE, prefix: 'tck issuer: ', io: { stdout, stderr } })
  if ('exitCode' in parsed) return parsed.exitCode
  const { values } = parsed
  let port: number
  try {
    port = parsePort(values.port)
  } catch (error) {
    return usageError((error as Error).message)
  }
  if (values.alg !== undefined && !isIssuerAlgorithm(values.alg)) return usageError(`--alg must be one of ${ISSUER_ALGORITHMS.join(', ')}`)
  const grace = values['grace-seconds'] === undefined ? undefined : Number(values['grace-seconds'])
  if (grace !== undefined && !(Number.isInteger(grace) && grace >= 0)) return usageError('--grace-seconds must be a non-negative integer')
  const baseUrl = values['base-url']
  if (baseUrl !== undefined && !/^https?:\/\/[^/]/.test(baseUrl)) return usageError('--base-url must be an http(s) URL')
  const problems: string[] = []
  const exposure = readServerExposure(env, problems)
  if (problems.length > 0) {
    stderr.write(`tck issuer: invalid environment:\n${problems.map((p) => `  - ${p}`).join('\n')}\n`)
    return 2
  }

  // Per port: a backend trusting another issuer must not verify this one's tokens (tck check's JWKS items).
  const stateDir = values['state-dir'] ?? (port === 0 ? undefined : `.tck/issuer-${port}`)
  const options: CreateIssuerOptions = {
    ...(stateDir === undefined ? {} : { stateDir }),
    ...(values.alg === undefined ? {} : { alg: values.alg as CreateIssuerOptions['alg'] }),
    ...(grace === undefined ? {} : { graceSeconds: grace }),
    ...(baseUrl === undefined ? {} : { baseUrl }),
  }
  let listener
  let issuer
  try {
    issuer = await createIssuer(options)
    if (values.rotate) await issuer.rotate()
    listener = await issuer.listen({ port, host: values.host, ...exposure })
  } catch (err) {
    stderr.write(`tck issuer: cannot start: ${(err as Error).message}\n`)
    return 1
  }
  const base = issuer.baseUrl
  stdout.write(
    `tck issuer listening on ${listener.url} (alg ${issuer.alg}, kid ${issuer.currentKid})\n` +
      `Issuer base URL: ${base}\n\n` +
      `Configure the backend with:\n` +
      `JWKS_URL=${base}${ISSUER_PATHS.jwks}\n` +
      `JWT_ISSUER=${base}\n` +
      `JWT_AUDIENCE=${base}\n\n` +
      `Mint a token: ${base}${ISSUER_PATHS.token}?sub=user_alice\n` +
      `Custom or hostile tokens: POST ${base}${ISSUER_PATHS.mint}\n`,
  )
  await waitForStop(io.signal).stopped
  await listener.close()
  stdout.write('tck issuer stopped\n')
  return 0
}
