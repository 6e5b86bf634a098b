import { existsSync, writeFileSync } from 'node:fs'
import { createInterface } from 'node:readline/promises'
import { resolve } from 'node:path'
import { configProblems, parseJsonc } from '../checklist/config/tck-config.ts'
import { parseCommandArgs, type CommandIo } from '../shared/cli/command-support.ts'

/** Usage text of `tck init`. */
export const INIT_USAGE = `Usage: tck init [options]

Writes tck.config.jsonc, the settings \`tck check\` reads from the working directory (flags given to
tck check still win). JSON with comments, like tsconfig.json: every setting is explained in place.
Asks for the target and auth mode when run in a terminal without them; otherwise uses the flags.
No secret is ever written: shared-secret mode reads TCK_SECRET from the environment.

  --target URL|NAME        reference, msw, prism or the backend URL (default http://127.0.0.1:8000)
  --auth MODE              jwks (default), shared-secret or better-auth
  --issuer-url URL         jwks: a running simulated issuer (tck issuer)
  --better-auth-url URL    better-auth: the Better Auth base URL
  --base-path PATH         where the backend mounts /api (default /api)
  --origin URL             the frontend origin (default http://localhost:3000)
  --no-cors                same-origin deployment: CORS items skipped
  --report LIST            reports to write (default junit,md)
  --baseline FILE          a baseline file of accepted findings
  --file PATH              where to write (default tck.config.jsonc)
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
  baseline: { type: 'string' },
  file: { type: 'string', default: 'tck.config.jsonc' },
  force: { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const

/** What {@link renderInitConfig} writes. */
export interface InitAnswers {
  target: string
  auth: string
  issuerUrl?: string
  betterAuthUrl?: string
  basePath: string
  origin: string
  cors: boolean
  reports: string[]
  baseline?: string
}

const line = (comment: string, key: string, value: unknown, last = false) =>
  `  // ${comment}\n  ${JSON.stringify(key)}: ${JSON.stringify(value, null, 1).replace(/\n\s*/g, ' ')}${last ? '' : ','}\n`

/** The commented config file (JSONC) for `answers`; it passes the config's own validation. */
export function renderInitConfig(a: InitAnswers): string {
  const auth = {
    mode: a.auth,
    ...(a.issuerUrl && { issuerUrl: a.issuerUrl }),
    ...(a.betterAuthUrl && { betterAuthUrl: a.betterAuthUrl }),
  }
  return `// tck.config.jsonc: settings of \`tck check\` (flags given on the command line win).
// Secrets never go here: shared-secret mode reads TCK_SECRET from the environment.
{
${line('reference, msw, prism or your backend URL', 'target', a.target)}${line(
  'jwks: tokens from the simulated issuer (issuerUrl: reuse a running `tck issuer`); shared-secret: HS256 with $TCK_SECRET; better-auth: real users at betterAuthUrl',
  'auth',
  auth,
)}${line('where the backend mounts the contract\'s /api ("/" for none)', 'basePath', a.basePath)}${line('the frontend origin the backend allows', 'origin', a.origin)}${line(
  'false: same-origin deployment (e.g. a Next.js proxy), CORS items are skipped',
  'cors',
  a.cors,
)}${line('reports to write: html, md, junit, json, sarif, vitest-html', 'reports', a.reports)}${line('where reports go', 'reportDir', 'reports/tck')}${line(
  'per-item severity overrides: fail, warn or info, e.g. { "AUTH-022": "fail" }',
  'severity',
  {},
  !a.baseline,
)}${a.baseline ? line('accepted findings (tck check --update-baseline writes it)', 'baseline', a.baseline, true) : ''}}
`
}

/** `tck init`. @returns 0 once written, 2 for bad input or an existing file without --force. */
export async function runInitCommand(
  argv: string[],
  io: Pick<CommandIo, 'stdout' | 'stderr'>,
  stdin: NodeJS.ReadableStream & { isTTY?: boolean } = process.stdin,
): Promise<number> {
  const parsed = parseCommandArgs(argv, OPTIONS, { usage: INIT_USAGE, prefix: 'tck init: ', io })
  if ('exitCode' in parsed) return parsed.exitCode
  const v = parsed.values
  const path = resolve(v.file)
  if (existsSync(path) && !v.force) {
    io.stderr.write(`tck init: ${v.file} exists (--force overwrites it)\n`)
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
    ...(v['issuer-url'] && { issuerUrl: v['issuer-url'] }),
    ...(v['better-auth-url'] && { betterAuthUrl: v['better-auth-url'] }),
    ...(v.baseline && { baseline: v.baseline }),
  }
  const text = renderInitConfig(answers)
  const problems = configProblems(parseJsonc(text))
  if (problems.length > 0) {
    io.stderr.write(`tck init:\n${problems.map((p) => `  - ${p}`).join('\n')}\n`)
    return 2
  }
  writeFileSync(path, text)
  io.stdout.write(`Wrote ${v.file}: \`tck check\` in this folder now runs with it${answers.auth === 'shared-secret' ? ' (set TCK_SECRET)' : ''}\n`)
  return 0
}
