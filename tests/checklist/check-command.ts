import { randomBytes } from 'node:crypto'
import { parseArgs } from 'node:util'
import { createIssuer } from '../../mocks/issuer/index.ts'
import { CHECKLIST, type Capability } from './checklist.ts'
import type { AuthMode, CheckContext } from './check-context.ts'
import { renderChecklistMarkdown } from './checklist-markdown.ts'
import { runChecklist, type ChecklistResult, type ReportFormat } from './run-checklist.ts'
import { runSelfTest } from './self-test.ts'
import { startPrismProxy } from '../../mocks/prism/index.ts'
import { startMswTarget, startPrismTarget, startReferenceTarget, type StartedTarget } from './targets.ts'

/** Targets `tck check` starts itself. */
const IN_PROCESS_TARGETS = ['reference', 'msw', 'prism']

export const CHECK_USAGE = `Usage: tck check --target <reference|URL> [options]

Runs the Task API checklist (CHECKLIST.md) against a backend and exits non-zero on any failure.

Targets:
  reference                the reference server, started in-process (PGlite, or --database-url)
  msw                      the stateful MSW mock over HTTP, started in-process
  prism                    Prism serving the contract's examples (stateless: says what it cannot prove)
  http://host:port         any running backend

Auth modes (--auth):
  jwks (default)           tokens from the simulated issuer. Start the backend with the printed
                           JWKS_URL / JWT_ISSUER / JWT_AUDIENCE. The issuer is started on
                           --issuer-port (keys kept in .tck/issuer, same across runs), or reused
                           with --issuer-url (e.g. one started with \`tck issuer\`).
  shared-secret            HS256 tokens signed with --secret (BETTER_AUTH_SECRET setups)
  better-auth              a running Better Auth at --better-auth-url: two users are signed up and
                           real tokens taken from /api/auth/token; checks that need the issuer's
                           private key are skipped with that reason

Options:
  --base-path PATH         where the backend mounts the contract's /api (default /api)
  --claims LIST            registered claims minted tokens carry: "iss,aud" (default in jwks mode) or "none"
  --iss VALUE, --aud VALUE values of iss/aud in minted tokens (default: the issuer's URL)
  --claim NAME=VALUE       an extra claim in minted tokens (repeatable), e.g. --claim email=a@b.c
  --origin URL             the frontend origin the backend allows (default http://localhost:3000)
  --users A,B              the two user ids (default random tck_a_…, tck_b_…)
  --database-url URL       reference target: PostgreSQL instead of PGlite
  --strict                 warnings (hardening findings) fail the run
  --thorough               slow checks too (waits out JWKS cooldowns)
  --report LIST            also write junit, json and/or html reports (comma-separated)
  --report-dir DIR         where reports go (default reports/check)
  -t, --filter TEXT        only checks whose name matches
  --proxy                  send every request through Prism's validation proxy; the contract
                           violations it reports (sl-violations) become CONF-005 findings
  --compare TARGET         also run against reference, msw or prism and print both side by side;
                           fails when an item proved on both differs
  --list                   print the checklist as Markdown and exit
  --self-test              run the suite against the reference server once per fault (TCK_FAULT)
  --fault NAME             with --self-test: only this fault (repeatable)
  -h, --help               show this help
`

interface Io {
  stdout: NodeJS.WritableStream
  stderr: NodeJS.WritableStream
}

const OPTIONS = {
  target: { type: 'string' },
  auth: { type: 'string', default: 'jwks' },
  'issuer-url': { type: 'string' },
  'issuer-port': { type: 'string', default: '3000' },
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
  filter: { type: 'string', short: 't' },
  list: { type: 'boolean', default: false },
  'self-test': { type: 'boolean', default: false },
  compare: { type: 'string' },
  proxy: { type: 'boolean', default: false },
  fault: { type: 'string', multiple: true },
  help: { type: 'boolean', short: 'h', default: false },
} as const

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>['values']

/** `tck check`. @returns the exit code: 0 all passed, 1 a check failed, 2 bad usage. */
export async function runCheckCommand(argv: string[], io: Io): Promise<number> {
  let values: Values
  try {
    values = parseArgs({ args: argv, options: OPTIONS }).values
  } catch (error) {
    io.stderr.write(`tck check: ${(error as Error).message}\n\n${CHECK_USAGE}`)
    return 2
  }
  if (values.help) { io.stdout.write(CHECK_USAGE); return 0 }
  if (values.list) { io.stdout.write(renderChecklistMarkdown()); return 0 }
  const reports = (values.report ?? '').split(',').map((s) => s.trim()).filter(Boolean) as ReportFormat[]
  const badReport = reports.find((r) => !['junit', 'json', 'html'].includes(r))
  if (badReport) { io.stderr.write(`tck check: unknown report "${badReport}" (junit, json, html)\n`); return 2 }
  if (values['self-test']) {
    return runSelfTest({ io, origin: values.origin, ...(values['database-url'] && { databaseUrl: values['database-url'] }), ...(values.fault && { faults: values.fault }) })
  }

  const problems = validate(values)
  if (problems.length > 0) { io.stderr.write(`tck check:\n${problems.map((p) => `  - ${p}`).join('\n')}\n\n${CHECK_USAGE}`); return 2 }

  const closers: (() => Promise<void>)[] = []
  try {
    let context = await prepare(values, io, closers)
    if (values.proxy) {
      const proxy = await startPrismProxy({ target: context.baseUrl })
      closers.push(() => proxy.close())
      context = { ...context, baseUrl: proxy.url, capabilities: [...context.capabilities, 'prism-proxy'] }
    }
    io.stdout.write(`Checking ${context.target} (${context.baseUrl}${context.basePath}) with ${context.auth.mode} tokens as users ${context.users.a.id} and ${context.users.b.id}\n`)
    const result = await runChecklist({ context, reports, ...(values['report-dir'] && { reportDir: values['report-dir'] }), ...(values.filter && { filter: values.filter }) })
    io.stdout.write(summarize(result, context))
    if (reports.length > 0) io.stdout.write(`Reports (${reports.join(', ')}) written to ${values['report-dir'] ?? 'reports/check'}\n`)
    if (!values.compare) return result.failed > 0 ? 1 : 0
    const other = await prepare({ ...values, target: values.compare, auth: 'jwks' }, io, closers)
    io.stdout.write(`\nComparing with ${other.target}\n`)
    const otherResult = await runChecklist({ context: other, console: 'silent', ...(values.filter && { filter: values.filter }) })
    const { text, differences } = compareResults(context.target, result, other.target, otherResult)
    io.stdout.write(text)
    return result.failed > 0 || differences > 0 ? 1 : 0
  } finally {
    for (const close of closers.reverse()) await close().catch(() => {})
  }
}

function validate(values: Values): string[] {
  const problems: string[] = []
  const target = values.target
  if (!target) problems.push('--target is required (reference or a URL)')
  else if (!IN_PROCESS_TARGETS.includes(target) && !/^https?:\/\/[^/]+/.test(target)) problems.push(`--target must be ${IN_PROCESS_TARGETS.join(', ')} or an http(s) URL (got "${target}")`)
  if (values.compare && !IN_PROCESS_TARGETS.includes(values.compare)) problems.push(`--compare takes ${IN_PROCESS_TARGETS.join(', ')}`)
  const mode = values.auth
  if (!['jwks', 'shared-secret', 'better-auth'].includes(mode)) problems.push('--auth must be jwks, shared-secret or better-auth')
  if (mode === 'shared-secret' && !values.secret) problems.push('--auth shared-secret needs --secret')
  if (mode === 'better-auth' && !values['better-auth-url']) problems.push('--auth better-auth needs --better-auth-url')
  if (target && IN_PROCESS_TARGETS.includes(target) && mode !== 'jwks') problems.push(`the ${target} target trusts its own simulated issuer: use --auth jwks`)
  if (values.claims && !/^(none|iss|aud|iss,aud|aud,iss)$/.test(values.claims)) problems.push('--claims must be "iss,aud", "iss", "aud" or "none"')
  if (!/^\/[\w\-./]*$/.test(values['base-path']) ) problems.push('--base-path must start with /')
  if (values.users && values.users.split(',').filter(Boolean).length !== 2) problems.push('--users takes two ids: A,B')
  for (const c of values.claim ?? []) if (!/^[^=]+=/.test(c)) problems.push(`--claim "${c}" must be NAME=VALUE`)
  return problems
}

/** Starts what the run needs (reference target, issuer, Better Auth users) and builds the context. */
async function prepare(values: Values, io: Io, closers: (() => Promise<void>)[]): Promise<CheckContext> {
  const mode = values.auth as AuthMode
  const suffix = randomBytes(3).toString('hex')
  const [a, b] = values.users ? values.users.split(',') : [`tck_a_${suffix}`, `tck_b_${suffix}`]
  const extra = Object.fromEntries((values.claim ?? []).map((c) => [c.slice(0, c.indexOf('=')), c.slice(c.indexOf('=') + 1)]))
  const profile = new Set((values.claims ?? (mode === 'jwks' ? 'iss,aud' : 'none')).split(',').filter((c) => c !== 'none'))
  const base = {
    basePath: values['base-path'].replace(/\/$/, ''),
    origin: values.origin,
    strict: values.strict,
    thorough: values.thorough,
  }

  if (IN_PROCESS_TARGETS.includes(values.target!)) {
    const name = values.target!
    const started: StartedTarget = name === 'msw' ? await startMswTarget({ origin: values.origin })
      : name === 'prism' ? await startPrismTarget()
      : await startReferenceTarget({ origin: values.origin, ...(values['database-url'] && { databaseUrl: values['database-url'] }) })
    closers.push(() => started.close())
    return {
      ...base, basePath: '/api', target: name, baseUrl: started.baseUrl, capabilities: started.capabilities,
      auth: { mode, issuerUrl: started.issuerUrl, claims: { iss: started.iss, aud: started.aud, extra } },
      users: { a: { id: a! }, b: { id: b! } },
    }
  }

  const baseUrl = values.target!.replace(/\/$/, '')
  const capabilities: Capability[] = ['persistence', 'ownership', 'verifies-tokens', 'cors', ...(values.thorough ? ['fast-jwks-refresh' as const] : [])]
  if (mode === 'jwks') {
    let issuerUrl = values['issuer-url']?.replace(/\/$/, '')
    if (!issuerUrl) {
      const issuer = await createIssuer({ stateDir: '.tck/issuer' })
      const listener = await issuer.listen({ port: Number(values['issuer-port']) })
      closers.push(() => listener.close())
      issuerUrl = listener.url
    }
    io.stdout.write(`Start the backend with:\n  JWKS_URL=${issuerUrl}/api/auth/jwks\n  JWT_ISSUER=${issuerUrl}\n  JWT_AUDIENCE=${issuerUrl}\n`)
    return {
      ...base, target: baseUrl, baseUrl, capabilities: [...capabilities, 'mint-tokens', 'issuer-keys', 'issuer-stats', 'rotate-keys'],
      auth: { mode, issuerUrl, claims: { ...(profile.has('iss') && { iss: values.iss ?? issuerUrl }), ...(profile.has('aud') && { aud: values.aud ?? issuerUrl }), extra } },
      users: { a: { id: a! }, b: { id: b! } },
    }
  }
  if (mode === 'shared-secret') {
    return {
      ...base, target: baseUrl, baseUrl, capabilities: [...capabilities, 'mint-tokens', 'issuer-keys'],
      auth: { mode, secret: values.secret!, claims: { ...(profile.has('iss') && values.iss && { iss: values.iss }), ...(profile.has('aud') && values.aud && { aud: values.aud }), extra } },
      users: { a: { id: a! }, b: { id: b! } },
    }
  }
  const betterAuthUrl = values['better-auth-url']!.replace(/\/$/, '')
  const { signUpAndGetToken } = await import('../../web/auth-server/better-auth-session.ts')
  const signUp = (who: string) => signUpAndGetToken({ baseURL: betterAuthUrl, email: `${who}_${suffix}@tck.example`, password: `tck-${randomBytes(12).toString('hex')}`, name: `tck ${who}`, origin: values.origin })
  const [userA, userB] = [await signUp('a'), await signUp('b')]
  return {
    ...base, target: baseUrl, baseUrl, capabilities,
    auth: { mode, betterAuthUrl, claims: { extra } },
    users: { a: { id: userA.userId, token: userA.token }, b: { id: userB.userId, token: userB.token } },
  }
}

const MARK = { pass: 'PASS', fail: 'FAIL', warn: 'WARN', skip: 'SKIP' } as const

/** The per-item summary printed after Vitest's own output, and what this target can and cannot prove. */
export function summarize(result: ChecklistResult, context: Pick<CheckContext, 'target'>): string {
  const lines = ['', `Checklist for ${context.target}:`]
  for (const item of CHECKLIST) {
    const { outcome, notes, ran } = result.items[item.id]!
    if (!ran) continue
    lines.push(`  ${MARK[outcome]}  ${item.id}  ${item.title}${notes.length && outcome !== 'pass' ? `  (${notes[0]})` : ''}`)
  }
  const count = (o: string) => CHECKLIST.filter((i) => result.items[i.id]!.ran && result.items[i.id]!.outcome === o).length
  lines.push('', `Items: ${count('pass')} passed, ${count('fail')} failed, ${count('warn')} warned, ${count('skip')} not provable on this target`)
  lines.push(`Checks: ${result.passed} passed, ${result.failed} failed, ${result.skipped} skipped`, '')
  return lines.join('\n')
}

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
  lines.push('', differences === 0 ? `Same result on ${leftName} and ${rightName} for every item both can prove.` : `${differences} item(s) differ between ${leftName} and ${rightName}.`, '')
  return { text: lines.join('\n'), differences }
}
