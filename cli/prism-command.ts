import { parseArgs } from 'node:util'
import { parsePort, UsageError, type CommandIo } from '../shared/cli/command-support.ts'
import { waitForStop } from '../shared/process/wait-for-stop.ts'
import { mockBanner, proxyBanner } from '../mocks/prism/prism-banners.ts'
import type { PrismServer } from '../mocks/prism/spawn-prism.ts'
import { startPrismMock, startPrismProxy } from '../mocks/prism/start-prism.ts'

/** Usage text of `tck mock --engine prism`. */
export const PRISM_MOCK_USAGE = `Usage: tck mock --engine prism [options]

Serves the Task API contract with Stoplight Prism: answers come from the contract's named
examples (or, with --dynamic, are generated from its schemas), requests are validated against it,
and task operations need "Authorization: Bearer <any value>".

Options:
  --engine prism   the mock engine (default prism)
  --port <n>       TCP port, 0 for any free port (default 4010)
  --host <addr>    bind address (default 127.0.0.1)
  --dynamic        generate bodies from the schemas instead of returning examples
  --seed <n>       integer seed for --dynamic: the same request gives the same body (default 42)
  -h, --help       show this help

Per request: "Prefer: example=<name>", "Prefer: code=<status>", or both:
"Prefer: code=401, example=expiredToken". The names are listed when the mock starts.
`

/** Usage text of `tck proxy`. */
export const PRISM_PROXY_USAGE = `Usage: tck proxy --target <url> [options]

Runs Stoplight Prism as a validation proxy in front of a Task API backend: each request is
forwarded to --target and both it and the backend's answer are checked against the contract.
Violations are logged and listed in the "sl-violations" response header (a JSON array).

Options:
  --target <url>   the backend, e.g. http://127.0.0.1:8000 (required)
  --port <n>       TCP port, 0 for any free port (default 4010)
  --host <addr>    bind address (default 127.0.0.1)
  --errors         a response violating the contract becomes a 500 problem+json, and an invalid
                   request is refused (422/401 from Prism) without reaching the backend
  -h, --help       show this help
`

const COMMON = {
  port: { type: 'string', default: '4010' },
  host: { type: 'string', default: '127.0.0.1' },
  help: { type: 'boolean', short: 'h', default: false },
} as const

/**
 * `tck mock --engine prism` (`argv` without `mock`): runs Prism's mock until SIGTERM/SIGINT or
 * `io.signal`, then closes it. @returns 0 after a clean stop or `--help`, 2 for bad options,
 * 1 when Prism cannot start or dies.
 */
export async function runPrismMockCommand(argv: string[], io: Partial<CommandIo> = {}): Promise<number> {
  return runCommand('tck mock', PRISM_MOCK_USAGE, io, () => {
    const options = { ...COMMON, engine: { type: 'string', default: 'prism' }, dynamic: { type: 'boolean', default: false }, seed: { type: 'string' } } as const
    const { values } = parseArgs({ args: argv, options, strict: true, allowPositionals: false })
    if (values.help) return undefined
    if (values.engine !== 'prism') throw new UsageError(`--engine must be prism here, got "${values.engine}"`)
    if (values.seed !== undefined && !/^-?\d+$/.test(values.seed)) throw new UsageError('--seed must be an integer')
    if (values.seed !== undefined && !values.dynamic) throw new UsageError('--seed only applies with --dynamic')
    const seed = values.seed === undefined ? 42 : Number(values.seed)
    const port = parsePort(values.port)
    return {
      start: (onOutput) => startPrismMock({ port, host: values.host, dynamic: values.dynamic, seed, onOutput }),
      banner: (url) => mockBanner(url, values.dynamic ? `dynamic, seed ${seed}` : 'static examples'),
    }
  })
}

/**
 * `tck proxy` (`argv` without `proxy`): runs Prism's validation proxy in front of `--target` until
 * SIGTERM/SIGINT or `io.signal`. @returns 0 after a clean stop or `--help`, 2 for bad options,
 * 1 when Prism cannot start or dies.
 */
export async function runProxyCommand(argv: string[], io: Partial<CommandIo> = {}): Promise<number> {
  return runCommand('tck proxy', PRISM_PROXY_USAGE, io, () => {
    const options = { ...COMMON, target: { type: 'string' }, errors: { type: 'boolean', default: false } } as const
    const { values } = parseArgs({ args: argv, options, strict: true, allowPositionals: false })
    if (values.help) return undefined
    const target = values.target
    if (target === undefined) throw new UsageError('--target is required')
    if (!/^https?:\/\/[^/]/.test(target)) throw new UsageError('--target must be an http(s) URL')
    const port = parsePort(values.port)
    return {
      start: (onOutput) => startPrismProxy({ target, port, host: values.host, errors: values.errors, onOutput }),
      banner: (url) => proxyBanner(url, target, values.errors),
    }
  })
}

interface Plan {
  start(onOutput: (text: string) => void): Promise<PrismServer>
  banner(url: string): string
}

async function runCommand(name: string, usage: string, io: Partial<CommandIo>, plan: () => Plan | undefined): Promise<number> {
  const stdout = io.stdout ?? process.stdout
  const stderr = io.stderr ?? process.stderr
  let chosen
  try {
    chosen = plan()
  } catch (error) {
    // parseArgs throws TypeErrors with a `code` for unknown or malformed options.
    if (!(error instanceof UsageError) && !(error as { code?: string }).code?.startsWith('ERR_PARSE_ARGS')) throw error
    stderr.write(`${name}: ${(error as Error).message}\n\n${usage}`)
    return 2
  }
  if (!chosen) {
    stdout.write(usage)
    return 0
  }
  // Prism's startup log (one line per route) is noise here; its request log afterwards is the point.
  let forward = false
  let server
  try {
    server = await chosen.start((text) => forward && stdout.write(text))
  } catch (error) {
    stderr.write(`${name}: cannot start Prism: ${(error as Error).message}\n`)
    return 1
  }
  stdout.write(`${chosen.banner(server.url)}Ready. Stop with Ctrl+C.\n`)
  forward = true
  const stop = waitForStop(io.signal)
  const ended = await Promise.race([stop.stopped.then(() => 'stopped' as const), server.exited.then(() => 'died' as const)])
  stop.dispose()
  forward = false
  await server.close()
  if (ended === 'died') {
    stderr.write(`${name}: Prism exited unexpectedly; its last output:\n${server.output().slice(-2000)}\n`)
    return 1
  }
  stdout.write(`${name} stopped\n`)
  return 0
}
