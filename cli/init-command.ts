import { existsSync, writeFileSync } from 'node:fs'
import { createInterface } from 'node:readline/promises'
import { basename, dirname, extname, join, resolve } from 'node:path'
import { type InitAnswers, initConfig, initFormatFor, renderInitConfig } from '../checklist/config/init-config.ts'
import { CONFIG_FILE_NAMES, configProblems } from '../checklist/config/tck-config.ts'
import { parseCommandArgs, type CommandIo } from '../shared/cli/command-support.ts'

/** Usage text of `tck init`. */
export const INIT_USAGE = `Usage: tck init [options]

Writes tck.config.jsonc (or, with --format ts, tck.config.ts), the settings \`tck check\` reads
from the working directory (flags given to tck check still win). JSON with comments, like
tsconfig.json: every setting is explained in place, and "$schema" points editors at the package's
schema when tasks-tck is installed there. Asks for the target and auth mode when run in a terminal
without them; otherwise uses the flags. No secret is ever written: shared-secret mode reads
TCK_SECRET from the environment.

  --target URL|NAME        reference, msw, prism or the backend URL (default http://127.0.0.1:8000)
  --auth MODE              jwks (default), shared-secret or better-auth
  --issuer-url URL         jwks: a running simulated issuer (tck issuer)
  --better-auth-url URL    better-auth: the Better Auth base URL
  --base-path PATH         where the backend mounts /api (default /api)
  --origin URL             the frontend origin (default http://localhost:3000)
  --no-cors                same-origin deployment: CORS items skipped
  --report LIST            reports to write (default junit,md)
  --report-dir DIR         where reports go (default reports/tck)
  --baseline FILE          a baseline file of accepted findings
  --format jsonc|ts        tck.config.jsonc (default) or tck.config.ts (export default defineConfig({ … }));
                           default: what --file's extension says (.ts/.mts TypeScript, else JSON with comments)
  --file PATH              where to write (default tck.config.jsonc, or tck.config.ts); another name or
                           folder is read with tck check --config PATH
  --force                  overwrite an existing file
  -h, --help               show this help
`

const OPTIONS = {
  target: { type: 'string' },
  auth: { type: 'string' },
  'issuer-url': { type: 'string' },
  'better-auth-url': { type: 'string' },
  'base-path': { type: 'string', default: '/api' },
  origin: { type: 'string', default: 'http://localhost:3000' },
  'no-cors': { type: 'boolean', default: false },
  report: { type: 'string', default: 'junit,md' },
  'report-dir': { type: 'string', default: 'reports/tck' },
  baseline: { type: 'string' },
  format: { type: 'string' },
  file: { type: 'string' },
  force: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const

/**
 * The format tck check reads a file in, from its extension: `ts` (.ts, .mts), `jsonc` (anything it
 * reads as JSON), or undefined for the module extensions init does not write (.js, .mjs, .cjs, .cts).
 */
function formatOf(path: string): 'jsonc' | 'ts' | undefined {
  if (/^\.m?ts$/.test(extname(path))) return 'ts'
  return /^\.[cm]?[jt]s$/.test(extname(path)) ? undefined : 'jsonc'
}

/** `tck init` in `cwd`. @returns 0 once written, 2 for bad input or an existing file without --force. */
export async function runInitCommand(
  argv: string[],
  io: Pick<CommandIo, 'stdout' | 'stderr'>,
  stdin: NodeJS.ReadableStream & { isTTY?: boolean } = process.stdin,
  cwd = process.cwd(),
): Promise<number> {
  const parsed = parseCommandArgs(argv, OPTIONS, { usage: INIT_USAGE, prefix: 'tck init: ', io })
  if ('exitCode' in parsed) return parsed.exitCode
  const v = parsed.values
  if (v.format !== undefined && v.format !== 'jsonc' && v.format !== 'ts') {
    io.stderr.write(`tck init: --format takes jsonc or ts (got "${v.format}")\n`)
    return 2
  }
  // tck check reads a file by its extension: the format must be the one it will read.
  const implied = v.file === undefined ? (v.format ?? 'jsonc') : formatOf(v.file)
  if (implied === undefined || (v.format !== undefined && v.format !== implied)) {
    io.stderr.write(
      implied === undefined
        ? `tck init: ${v.file}: tck init writes TypeScript (.ts, .mts) or JSON with comments (.jsonc, .json, any other name)\n`
        : `tck init: --format ${v.format} does not match ${v.file}: tck check reads it as ${implied === 'ts' ? 'TypeScript' : 'JSON'} (drop --format, or name the file .${v.format})\n`,
    )
    return 2
  }
  const format = implied
  const file = v.file ?? `tck.config.${format}`
  const path = resolve(cwd, file)
  if (existsSync(path) && !v.force) {
    io.stderr.write(`tck init: ${file} exists (--force overwrites it)\n`)
    return 2
  }
  // tck check refuses a folder with two config files: say it now rather than on its first run.
  const others = (CONFIG_FILE_NAMES as readonly string[]).includes(basename(path))
    ? CONFIG_FILE_NAMES.filter((name) => name !== basename(path) && existsSync(join(dirname(path), name)))
    : []
  if (others.length > 0) {
    io.stderr.write(`tck init: ${others.join(' and ')} already there: tck check would refuse two config files (remove it, or write elsewhere with --file)\n`)
    return 2
  }
  let { target, auth } = v
  if (stdin.isTTY && (target === undefined || auth === undefined)) {
    const rl = createInterface({ input: stdin, output: io.stdout })
    target ??= (await rl.question('Target (reference, msw, prism or the backend URL) [http://127.0.0.1:8000]: ')).trim() || undefined
    auth ??= (await rl.question('Auth mode (jwks, shared-secret, better-auth) [jwks]: ')).trim() || undefined
    rl.close()
  }
  const answers: InitAnswers = {
    target: target ?? 'http://127.0.0.1:8000',
    auth: auth ?? 'jwks',
    basePath: v['base-path'],
    origin: v.origin,
    cors: !v['no-cors'],
    reports: v.report
      .split(',')
      .map((r) => r.trim())
      .filter(Boolean),
    reportDir: v['report-dir'],
    ...(v['issuer-url'] && { issuerUrl: v['issuer-url'] }),
    ...(v['better-auth-url'] && { betterAuthUrl: v['better-auth-url'] }),
    ...(v.baseline && { baseline: v.baseline }),
  }
  const problems = configProblems(initConfig(answers))
  if (problems.length > 0) {
    io.stderr.write(`tck init:\n${problems.map((p) => `  - ${p}`).join('\n')}\n`)
    return 2
  }
  writeFileSync(path, renderInitConfig(answers, initFormatFor(path, format)))
  // tck check finds only a config file of the working directory with one of its names.
  const found = dirname(path) === resolve(cwd) && (CONFIG_FILE_NAMES as readonly string[]).includes(basename(path))
  const use = found ? '`tck check` in this folder now runs with it' : `\`tck check --config ${file}\` runs with it`
  io.stdout.write(`Wrote ${file}: ${use}${answers.auth === 'shared-secret' ? ' (set TCK_SECRET)' : ''}\n`)
  return 0
}
