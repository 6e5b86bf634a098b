import { relative } from 'node:path'
import { parseArgs } from 'node:util'
import { serveStatic } from '../shared/http/static-server.ts'
import { parsePort, UsageError, type CommandIo } from '../shared/cli/command-support.ts'
import { waitForStop } from '../shared/process/wait-for-stop.ts'
import { webAppFiles } from '../web/app/web-app-files.ts'
import { webAppSecurityHeaders } from '../web/app/security-headers.ts'
import { readServerExposure } from '../shared/http/server-timeouts.ts'

/** Usage text of `tck web` (printed by `--help`). */
export const WEB_USAGE = `Usage: tck web --mock [--port N] [--host ADDR] [--out DIR]
       tck web --build [--mock] [--out DIR] [--minify]

The Evo-TODO web app (React, Better Auth sign-in, every Task API call through web/api-client).

  --mock          build the mock-mode app and serve it: an MSW worker in the page answers Better
                  Auth (/api/auth/*) and the Task API, so only static files are served. Accounts,
                  session and tasks are kept in the browser's localStorage ("tck-mock-state").
                  Open it at http://127.0.0.1 or http://localhost: a Service Worker needs a
                  secure context. (The real app is served by \`tck start\`.)
  --build         only build (real mode unless --mock), then exit
  --out DIR       output folder (default .tck/web-app/<mode>; the installed package serves its prebuilt copy)
  --minify        minify the bundle (with --build)
  --port N        port to serve on (default 5173; 0 picks a free one)
  --host ADDR     bind address (default 127.0.0.1)
  -h, --help      show this help

Environment: REQUEST_TIMEOUT_MS, HEADERS_TIMEOUT_MS, KEEP_ALIVE_TIMEOUT_MS (default 30000, 10000,
5000) and ALLOWED_HOSTS, as for tck serve: on a loopback --host any Host header other than
localhost, *.localhost, 127.0.0.1, [::1] and ALLOWED_HOSTS gets 421 (DNS rebinding).
`

/**
 * `tck web`. @returns the exit code (0 after a build or help, 2 for bad input); while serving,
 * resolves 0 only once SIGINT/SIGTERM (or `io.signal`) has stopped the server.
 */
export async function runWebCommand(argv: string[], io: CommandIo, env: Readonly<Record<string, string | undefined>> = {}): Promise<number> {
  let values
  let port: number
  const problems: string[] = []
  const exposure = readServerExposure(env, problems)
  try {
    ;({ values } = parseArgs({
      args: argv,
      options: {
        mock: { type: 'boolean', default: false },
        build: { type: 'boolean', default: false },
        out: { type: 'string' },
        minify: { type: 'boolean', default: false },
        port: { type: 'string', default: '5173' },
        host: { type: 'string', default: '127.0.0.1' },
        help: { type: 'boolean', short: 'h', default: false },
      },
    }))
    port = parsePort(values.port)
    if (!values.help && !values.build && !values.mock) throw new UsageError('say --mock (serve the mock app) or --build (only build)')
    if (problems.length > 0) throw new UsageError(problems.join('; '))
  } catch (error) {
    if (!(error instanceof UsageError) && !(error instanceof TypeError)) throw error
    io.stderr.write(`tck web: ${error.message}\n\n${WEB_USAGE}`)
    return 2
  }
  if (values.help) {
    io.stdout.write(WEB_USAGE)
    return 0
  }
  const mode = values.mock ? 'mock' : 'real'
  const started = Date.now()
  const { dir: out, prebuilt } = await webAppFiles({ mode, minify: values.minify, ...(values.out !== undefined && { outDir: values.out }) })
  io.stdout.write(
    `${prebuilt ? 'Prebuilt' : 'Built the'} ${mode} web app ${prebuilt && values.out === undefined ? 'at' : 'into'} ${relative(process.cwd(), out) || '.'} (${Date.now() - started} ms)\n`,
  )
  if (values.build) return 0

  // The mock app's security headers (F13): everything it calls is its own origin, answered by the worker.
  const headers = webAppSecurityHeaders({ mode: 'mock' })
  const server = await serveStatic(out, { port, host: values.host, spaFallback: true, headers, ...exposure })
  io.stdout.write(
    `Evo-TODO (mock) at ${server.url}/\n  Every /api request is answered by the MSW worker in the page; steer it with window.tckMock.\nReady. Stop with Ctrl+C.\n`,
  )
  await waitForStop(io.signal).stopped
  await server.close()
  return 0
}
