import { join, resolve } from 'node:path'
import { CHECKLIST, type Severity } from '../checklist/checklist.ts'
import type { AuthMode, CheckContext } from '../checklist/check-context.ts'
import { renderChecklistMarkdown } from '../checklist/checklist-markdown.ts'
import { applyConfigFile } from '../checklist/config/config-flags.ts'
import { readBaseline } from '../checklist/config/baseline.ts'
import { settleRun, type SettledRun } from '../checklist/config/settle-run.ts'
import { buildCheckReport } from '../checklist/report/check-report.ts'
import { isCheckReportFormat, writeCheckReports } from '../checklist/report/write-reports.ts'
import { openApiFileProblem } from '../checklist/report/openapi-locations.ts'
import { writeSarifReport } from '../checklist/report/sarif-report.ts'
import type { ChecklistResult } from '../checklist/run-checklist.ts'
import { bothOwnImplementations, runParityProbe } from '../checklist/parity-probe.ts'
import { checkOptionProblems, IN_PROCESS_TARGETS, prepareCheck, readyCheck, type PrepareCheckOptions } from '../checklist/prepare-check.ts'
import { markSecret, redact } from '../checklist/support/exchange.ts'
import { startPrismProxy } from '../mocks/prism/index.ts'
import { parseCommandArgs, type CommandIo, type CommandValues } from '../shared/cli/command-support.ts'

/** Not 3000: that is where the developer's own frontend and Better Auth usually run. */
export const DEFAULT_ISSUER_PORT = 4455

export const CHECK_USAGE = `Usage: tck check --target <reference|msw|prism|URL> [options]

Runs the Task API checklist (CHECKLIST.md) against a backend.
Exit codes: 0 no item failed, 1 an item failed, 2 usage, configuration or preflight error.

Targets:
  reference                the reference server, started in-process (PGlite, or --database-url)
  msw                      the stateful MSW mock over HTTP, started in-process
  prism                    Prism serving the contract's examples (stateless: says what it cannot prove)
  http://host:port         any running backend

Auth modes (--auth):
  jwks (default)           tokens from the simulated issuer. Start the backend with the printed
                           JWKS_URL / JWT_ISSUER / JWT_AUDIENCE. The issuer is started on
                           --issuer-port (keys kept in .tck/issuer-<port>, same across runs), or
                           reused with --issuer-url (e.g. one started with \`tck issuer\`).
  shared-secret            HS256 tokens signed with the backend's BETTER_AUTH_SECRET: --secret, or
                           better, the TCK_SECRET environment variable (never printed)
  better-auth              a running Better Auth at --better-auth-url: two users are signed up and
                           real tokens taken from /api/auth/token; checks that need the issuer's
                           private key are skipped with that reason

Auth options:
  --auth MODE              jwks, shared-secret or better-auth (default jwks)
  --issuer-url URL         jwks: reuse a running simulated issuer instead of starting one
  --issuer-port N          jwks: port of the issuer tck check starts (default ${DEFAULT_ISSUER_PORT})
  --secret VALUE           shared-secret: the HS256 secret (default: $TCK_SECRET); in jwks mode a
                           secret given here is also tried as a second trust path (AUTH-023)
  --better-auth-url URL    better-auth: the Better Auth base URL (e.g. http://localhost:3000)
  --claims LIST            registered claims minted tokens carry: "iss,aud" (default in jwks mode) or "none"
  --iss VALUE, --aud VALUE values of iss/aud in minted tokens (default: the issuer's URL)
  --claim NAME=VALUE       an extra claim in minted tokens (repeatable), e.g. --claim email=a@b.c

Backend options:
  --base-path PATH         where the backend mounts the contract's /api (default /api; / for none)
  --users A,B              the two user ids (default random tck_a_…, tck_b_…); backends with their
                           own users table need ids that exist
  --origin URL             the frontend origin the backend allows (default http://localhost:3000)
  --no-cors                same-origin deployment (e.g. a Next.js proxy): CORS items are skipped
  --toggle-body JSON       the body PATCH …/complete requires, for backends that set the flag from
                           a body (default: taken from the backend's /openapi.json when it says so)
  --database-url URL       reference target: PostgreSQL instead of PGlite
                           (VERIFY_CACHE=off in the environment: the reference target and the
                           self-test's servers verify every token in full, without their cache)

Run options:
  --strict                 warnings (hardening findings) fail the run
  --thorough               slow checks too (waits out JWKS cooldowns, 1,000 fuzz bodies)
  --report LIST            also write reports (comma-separated): html (index.html, one self-contained
                           page), md (summary.md, for a PR comment or $GITHUB_STEP_SUMMARY), junit
                           (junit.xml, one test case per item), json (results.json), sarif
                           (results.sarif, SARIF 2.1.0 for code scanning), vitest-html (Vitest's own
                           UI, in vitest/)
  --openapi FILE           the backend's own OpenAPI file (YAML or JSON, in its repository): SARIF
                           findings point at its operations (else at the contract's)
  --report-dir DIR         where reports go (default reports/check)
  -t, --filter TEXT        only checks whose name matches (e.g. -t AUTH-013)
  --proxy                  send every request through Prism's validation proxy; the contract
                           violations it reports (sl-violations) become CONF-005 findings
  --compare TARGET         also run against reference, msw or prism and print both side by side,
                           then send both the same odd requests (checklist/parity-shapes.ts:
                           Prefer on another user's path, //, trailing slash, HEAD, odd ids, bad
                           bodies, …); fails when an item proved on both differs, or an answer
                           differs between reference and msw (for a backend by URL: information)
  --list                   print the checklist as Markdown and exit
  --self-test              run the suite against the reference server once per fault (TCK_FAULT)
  --fault NAME             with --self-test: only this fault (repeatable)
  --config PATH            the config file (default: the tck.config.ts, .mts, .mjs, .js, .json or
                           .jsonc in the working directory, if there); flags given here win over it
  --baseline FILE          accepted findings (item, finding, reason, expires): reported as baselined,
                           they do not fail the run; new findings and expired entries do
  --update-baseline        write the current findings to the --baseline file (keeps existing reasons)
  -h, --help               show this help

Severity: FAIL breaks the specification or an RFC, or is exploitable; WARN is hardening or this
project's contract extension (--strict fails on it); INFO is an observation. Every item shows its
source in CHECKLIST.md.
`

type Io = Pick<CommandIo, 'stdout' | 'stderr'>

const OPTIONS = {
  target: { type: 'string' },
  auth: { type: 'string', default: 'jwks' },
  'issuer-url': { type: 'string' },
  'issuer-port': { type: 'string', default: String(DEFAULT_ISSUER_PORT) },
  secret: { type: 'string' },
  'better-auth-url': { type: 'string' },
  'base-path': { type: 'string', default: '/api' },
  claims: { type: 'string' },
  iss: { type: 'string' },
  aud: { type: 'string' },
  claim: { type: 'string', multiple: true },
  origin: { type: 'string', default: 'http://localhost:3000' },
  users: { type: 'string' },
  'database-url': { type: 'string' },
  strict: { type: 'boolean', default: false },
  thorough: { type: 'boolean', default: false },
  report: { type: 'string' },
  'report-dir': { type: 'string' },
  openapi: { type: 'string' },
  filter: { type: 'string', short: 't' },
  list: { type: 'boolean', default: false },
  'self-test': { type: 'boolean', default: false },
  compare: { type: 'string' },
  proxy: { type: 'boolean', default: false },
  'no-cors': { type: 'boolean', default: false },
  'toggle-body': { type: 'string' },
  fault: { type: 'string', multiple: true },
  config: { type: 'string' },
  baseline: { type: 'string' },
  'update-baseline': { type: 'boolean', default: false },
  help: { type: 'boolean', short: 'h', default: false },
} as const

/** Every long option, for the test that keeps --help complete. */
export const OPTIONS_FOR_HELP = Object.keys(OPTIONS)

/** The option table, for tests that parse command lines as `tck check` does (README's examples). */
export const CHECK_OPTIONS = OPTIONS

type Values = CommandValues<typeof OPTIONS>

/** `tck check`. @returns the exit code: 0 no item failed, 1 an item failed, 2 usage, configuration or preflight error. */
export async function runCheckCommand(argv: string[], io: Io, env: Record<string, string | undefined> = process.env): Promise<number> {
  const parsed = parseCommandArgs(argv, OPTIONS, { usage: CHECK_USAGE, prefix: 'tck check: ', io })
  if ('exitCode' in parsed) return parsed.exitCode
  let values: Values = parsed.values
  // tck.config.{ts,…,jsonc} (or --config): fills every option not given here (checklist/config/).
  let severity: Record<string, Severity> = {}
  try {
    ;({ values, severity } = await applyConfigFile(argv, OPTIONS, values))
    // A bad baseline is said before the run, not after it.
    if (values['update-baseline'] && !values.baseline) throw new Error('--update-baseline needs --baseline FILE (or "baseline" in the config file)')
    if (values.baseline) readBaseline(values.baseline, values['update-baseline'])
  } catch (error) {
    io.stderr.write(`tck check: ${(error as Error).message}\n`)
    return 2
  }
  if (values.list) {
    io.stdout.write(renderChecklistMarkdown())
    return 0
  }
  values = { ...values, ...(values.secret === undefined && env.TCK_SECRET && { secret: env.TCK_SECRET }) }
  if (values.secret) markSecret(values.secret, '$TCK_SECRET')
  const reports = (values.report ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean)
  const badReport = reports.find((r) => !REPORT_NAMES.includes(r))
  if (badReport) {
    io.stderr.write(`tck check: unknown report "${badReport}" (${REPORT_NAMES.join(', ')})\n`)
    return 2
  }
  if (values['self-test']) {
    // Imported when asked for: it loads the reference server, which a check of a backend by URL never needs.
    const { runSelfTest } = await import('../checklist/self-test.ts')
    return runSelfTest({
      io,
      origin: values.origin,
      ...(values['database-url'] && { databaseUrl: values['database-url'] }),
      ...(env.VERIFY_CACHE && { verifyCache: env.VERIFY_CACHE }),
      ...(values.fault && { faults: values.fault }),
    })
  }

  const problems = validate(values)
  if (problems.length > 0) {
    io.stderr.write(`tck check:\n${problems.map((p) => `  - ${p}`).join('\n')}\n\n${CHECK_USAGE}`)
    return 2
  }

  const closers: (() => Promise<void>)[] = []
  try {
    const settle = (raw: ChecklistResult) =>
      settleRun(raw, { severity, strict: values.strict, updateBaseline: values['update-baseline'], ...(values.baseline && { baseline: values.baseline }) })
    return await checkAndReport(values, reports, io, closers, settle, env.VERIFY_CACHE)
  } catch (error) {
    // Preflight, issuer, Prism or Better Auth trouble: one sentence, exit 2 (nothing was judged).
    io.stderr.write(`tck check: ${redact((error as Error).message)}\n`)
    return 2
  } finally {
    for (const close of closers.reverse()) await close().catch(() => {})
  }
}

/** Names `--report` takes: the checklist's own formats (checklist/report/) and Vitest's HTML UI. */
const REPORT_NAMES = ['html', 'md', 'junit', 'json', 'sarif', 'vitest-html']

/** Prepares the run (and the --compare run), checks, prints the summary. @returns 0 or 1. */
async function checkAndReport(
  values: Values,
  reports: string[],
  io: Io,
  closers: (() => Promise<void>)[],
  settle: (raw: ChecklistResult) => SettledRun,
  verifyCache: string | undefined,
): Promise<number> {
  // Vitest's Node API takes ~1.3 s to load (measured): it loads while the target starts and the preflight waits on it.
  const loading = import('../checklist/run-checklist.ts')
  loading.catch(() => {})
  let context = await ready(await prepare(values, io, closers, verifyCache), io)
  const { runChecklist, shown } = await loading
  // The parity probe talks to the backend itself: a validation proxy in between would answer some shapes.
  const direct = context
  if (values.proxy) {
    const proxy = await startPrismProxy({ target: context.baseUrl })
    closers.push(() => proxy.close())
    context = { ...context, baseUrl: proxy.url, capabilities: [...context.capabilities, 'prism-proxy'] }
  }
  io.stdout.write(
    `Checking ${context.target} (${context.baseUrl}${context.basePath || '/'}) with ${context.auth.mode} tokens as users ${context.users.a.id} and ${context.users.b.id}\n`,
  )
  const reportDir = resolve(values['report-dir'] ?? 'reports/check')
  const raw = await runChecklist({
    context,
    out: io.stdout,
    // Vitest's own HTML UI (per Vitest test, not per item) stays available, in a folder of its own.
    ...(reports.includes('vitest-html') && { reports: ['html'], reportDir: join(reportDir, 'vitest') }),
    ...(values.filter && { filter: values.filter }),
  })
  const { result, failing, text: settled, baseline } = settle(raw)
  io.stdout.write(summarize(result, context) + settled)
  const formats = reports.filter(isCheckReportFormat)
  // One report (one date) for every format of the run; the baseline marks each finding it accepted or that expired.
  const report = buildCheckReport(result, context, { ok: !failing, ...(baseline && { baseline }) })
  if (formats.length > 0) {
    const written = writeCheckReports(report, formats, reportDir)
    io.stdout.write(`Reports written: ${written.map(shown).join(', ')}\n`)
  }
  if (reports.includes('sarif')) {
    const sarif = writeSarifReport(report, reportDir, { ...(values.openapi && { openApiPath: values.openapi }) })
    io.stdout.write(`SARIF report written: ${shown(sarif)}\n`)
  }
  if (reports.includes('vitest-html')) io.stdout.write(`Vitest report written to ${shown(join(reportDir, 'vitest'))}\n`)
  if (!values.compare) return failing ? 1 : 0
  const other = await ready(await prepare({ ...values, target: values.compare, auth: 'jwks' }, io, closers, verifyCache), io)
  io.stdout.write(`\nComparing with ${other.target}\n`)
  const otherResult = await runChecklist({ context: other, console: 'silent', ...(values.filter && { filter: values.filter }) })
  const { text, differences } = compareResults(context.target, result, other.target, otherResult)
  io.stdout.write(text)
  // Problem details are compared only between the two implementations of this project: wording is no contract.
  // Its differences count only between reference and msw; for any other pair they are printed as information.
  const parity = await runParityProbe(direct, other, { details: bothOwnImplementations(direct, other) })
  io.stdout.write(parity.text)
  return failing || differences + parity.differences > 0 ? 1 : 0
}

function validate(values: Values): string[] {
  const problems = checkOptionProblems({
    ...values,
    target: values.target!,
    auth: values.auth as AuthMode,
    basePath: values['base-path'],
    betterAuthUrl: values['better-auth-url'],
  })
  if (values.compare && !IN_PROCESS_TARGETS.includes(values.compare)) problems.push(`--compare takes ${IN_PROCESS_TARGETS.join(', ')}`)
  if (!/^\d+$/.test(values['issuer-port'])) problems.push('--issuer-port must be a port number')
  if (values.users && values.users.split(',').filter(Boolean).length !== 2) problems.push('--users takes two ids: A,B')
  for (const c of values.claim ?? []) if (!/^[^=]+=/.test(c)) problems.push(`--claim "${c}" must be NAME=VALUE`)
  const openApiProblem = values.openapi && openApiFileProblem(values.openapi)
  if (openApiProblem) problems.push(openApiProblem)
  if (values['toggle-body'] !== undefined) {
    try {
      JSON.parse(values['toggle-body'])
    } catch {
      problems.push(`--toggle-body must be JSON, e.g. '{"completed":true}'`)
    }
  }
  return problems
}

/** Runs the preflight and merges what it learned; prints its notes. */
const ready = (context: CheckContext, io: Io) => readyCheck(context, (text) => io.stdout.write(text))

/** Starts what the run needs (reference target, issuer, Better Auth users) and builds the context (checklist/prepare-check.ts). */
/** `verifyCache`: the reference target's `VERIFY_CACHE`, from the command's environment. */
async function prepare(values: Values, io: Io, closers: (() => Promise<void>)[], verifyCache: string | undefined): Promise<CheckContext> {
  const options: PrepareCheckOptions = {
    target: values.target!,
    auth: values.auth as AuthMode,
    issuerPort: Number(values['issuer-port']),
    basePath: values['base-path'],
    origin: values.origin,
    strict: values.strict,
    thorough: values.thorough,
    noCors: values['no-cors'],
    extraClaims: Object.fromEntries((values.claim ?? []).map((c) => [c.slice(0, c.indexOf('=')), c.slice(c.indexOf('=') + 1)])),
    ...(values['issuer-url'] && { issuerUrl: values['issuer-url'] }),
    ...(values.secret && { secret: values.secret }),
    ...(values['better-auth-url'] && { betterAuthUrl: values['better-auth-url'] }),
    ...(values.claims && { claims: values.claims }),
    ...(values.iss !== undefined && { iss: values.iss }),
    ...(values.aud !== undefined && { aud: values.aud }),
    ...(values.users && { users: values.users.split(',') as [string, string] }),
    ...(values['database-url'] && { databaseUrl: values['database-url'] }),
    ...(verifyCache && { verifyCache }),
    ...(values['toggle-body'] !== undefined && { toggleBody: JSON.parse(values['toggle-body']) }),
  }
  return prepareCheck(options, (text) => io.stdout.write(text), closers)
}

const MARK = { pass: 'PASS', fail: 'FAIL', warn: 'WARN', info: 'INFO', skip: 'SKIP' } as const

/** `listTasks got 200, createTask got 201 — expected status 401`: one finding on several operations, once. */
export function groupNotes(notes: string[]): string[] {
  const groups = new Map<string, string[]>()
  for (const note of notes) {
    const at = note.indexOf(' — ')
    const [what, expected] = at > 0 ? [note.slice(0, at), note.slice(at)] : [note, '']
    groups.set(expected || note, [...(groups.get(expected || note) ?? []), ...(expected ? [what] : [])])
  }
  return [...groups].map(([expected, whats]) => {
    if (whats.length === 0) return expected
    // "getTask got 200, updateTask got 200" → "getTask, updateTask got 200"
    const byStatus = new Map<string, string[]>()
    for (const w of whats) {
      const m = /^(.*) (got \d+)$/.exec(w)
      const [op, got] = m ? [m[1]!, m[2]!] : [w, '']
      byStatus.set(got, [...(byStatus.get(got) ?? []), op])
    }
    return `${[...byStatus].map(([got, ops]) => `${ops.join(', ')}${got ? ` ${got}` : ''}`).join('; ')}${expected}`
  })
}

/** The masked-token note, once at the end of the findings instead of under every exchange. */
const TOKEN_NOTE = /^\(TCK_TOKEN: .*\)$/m

/**
 * The per-item summary printed after the run: one line per item with what was seen, then the
 * story of each finding (the first exchange, a curl line, the fix), then the counts.
 */
export function summarize(result: ChecklistResult, context: Pick<CheckContext, 'target'>): string {
  const lines = ['', `Checklist for ${context.target}:`]
  const findings: string[] = []
  for (const item of CHECKLIST) {
    const { outcome, notes, details, ran } = result.items[item.id]!
    if (!ran) continue
    const grouped = groupNotes(notes)
    const blockedNote = notes.find((n) => n.startsWith('blocked by'))
    const shown =
      outcome === 'pass'
        ? blockedNote
          ? `  (some cases ${blockedNote})`
          : ''
        : grouped.length === 0
          ? ''
          : outcome === 'skip'
            ? `  (${grouped[0]})`
            : `: ${grouped[0]}${grouped.length > 1 ? ` (+${grouped.length - 1} more)` : ''}`
    lines.push(`  ${MARK[outcome]}  ${item.id}  ${item.title}${shown}`)
    if (outcome === 'fail' || outcome === 'warn' || outcome === 'info') {
      findings.push(
        [
          `${MARK[outcome]} ${item.id} ${item.title}  [${item.severity} · ${item.source.ref}]`,
          ...(details[0] ? [indent(details[0].replace(new RegExp(TOKEN_NOTE.source, 'gm'), ''))] : []),
          ...(details.length > 1 ? [`  (+${details.length - 1} more finding(s) for this item: see --report json/junit/html)`] : []),
          ...(item.fix && outcome !== 'info' ? [`  fix: ${item.fix}`] : []),
        ].join('\n'),
      )
    }
  }
  const count = (o: string) => CHECKLIST.filter((i) => result.items[i.id]!.ran && result.items[i.id]!.outcome === o).length
  const blocked = CHECKLIST.filter((i) => result.items[i.id]!.notes.some((n) => n.startsWith('blocked by'))).length
  if (findings.length > 0) lines.push('', 'Findings:', '', findings.join('\n\n'))
  const tokenNote = CHECKLIST.map((i) => result.items[i.id]!.details[0] ?? '').find((d) => TOKEN_NOTE.test(d))
  if (tokenNote && findings.length > 0) lines.push('', TOKEN_NOTE.exec(tokenNote)![0].slice(1, -1))
  lines.push(
    '',
    `Items: ${count('pass')} passed, ${count('fail')} failed, ${count('warn')} warned, ${count('skip')} not provable on this target${count('info') ? `, ${count('info')} info` : ''}${blocked ? ` (${blocked} blocked by a broken operation)` : ''}`,
  )
  lines.push(`Checks: ${result.passed} passed, ${result.failed} failed, ${result.skipped} skipped`, '')
  return lines.join('\n')
}

const indent = (text: string) =>
  text
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => `  ${l}`)
    .join('\n')

/**
 * The differential table: each item's outcome on two targets. An item both targets could run and
 * that ended differently is a difference; an item one of them could not prove is shown, not counted.
 */
export function compareResults(leftName: string, left: ChecklistResult, rightName: string, right: ChecklistResult): { text: string; differences: number } {
  const lines = ['', `${'item'.padEnd(10)} ${leftName.padEnd(12)} ${rightName.padEnd(12)}`]
  let differences = 0
  for (const item of CHECKLIST) {
    const a = left.items[item.id]!
    const b = right.items[item.id]!
    if (!a.ran && !b.ran) continue
    const differs = a.outcome !== 'skip' && b.outcome !== 'skip' && a.outcome !== b.outcome
    if (differs) differences++
    lines.push(`${item.id.padEnd(10)} ${MARK[a.outcome].padEnd(12)} ${MARK[b.outcome].padEnd(12)}${differs ? ' <- differs' : ''}`)
  }
  lines.push(
    '',
    differences === 0
      ? `Same result on ${leftName} and ${rightName} for every item both can prove.`
      : `${differences} item(s) differ between ${leftName} and ${rightName}.`,
    '',
  )
  return { text: lines.join('\n'), differences }
}
