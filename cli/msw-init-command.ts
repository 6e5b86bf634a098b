import { copyFile, mkdir } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import type { CommandIo } from '../shared/cli/command-support.ts'

/** Usage text of `tck msw-init`. */
export const MSW_INIT_USAGE = `Usage: tck msw-init <public-dir>

Copies MSW's service-worker script (mockServiceWorker.js) into the folder your frontend serves at
its root (Next.js and Vite: public/), like \`npx msw init public/\` does, but from the msw that
tasks-tck/msw/browser runs, so the worker and the page's msw always match. Run it again after
upgrading tasks-tck.

  -h, --help   show this help
`

/** The worker script of the msw that `tasks-tck/msw/browser` imports (resolved from this package). */
export function mswWorkerScriptPath(): string {
  return createRequire(import.meta.url).resolve('msw/mockServiceWorker.js')
}

/** `tck msw-init <dir>`: 0 once copied (the folder is created when missing), 2 for bad input. */
export async function runMswInitCommand(argv: string[], io: Pick<CommandIo, 'stdout' | 'stderr'>): Promise<number> {
  let parsed
  try {
    parsed = parseArgs({ args: argv, options: { help: { type: 'boolean', short: 'h', default: false } }, allowPositionals: true })
  } catch (error) {
    io.stderr.write(`tck msw-init: ${(error as Error).message}\n\n${MSW_INIT_USAGE}`)
    return 2
  }
  if (parsed.values.help) {
    io.stdout.write(MSW_INIT_USAGE)
    return 0
  }
  if (parsed.positionals.length !== 1) {
    io.stderr.write(`tck msw-init: give one folder, e.g. public\n\n${MSW_INIT_USAGE}`)
    return 2
  }
  const dir = parsed.positionals[0]!
  await mkdir(dir, { recursive: true })
  const target = join(dir, 'mockServiceWorker.js')
  await copyFile(mswWorkerScriptPath(), target)
  io.stdout.write(`Wrote ${target}: serve it at /mockServiceWorker.js (startMockWorker from tasks-tck/msw/browser registers it)\n`)
  return 0
}
