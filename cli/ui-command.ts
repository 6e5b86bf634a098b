import { spawn } from 'node:child_process'
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseCommandArgs, type CommandIo } from '../shared/cli/command-support.ts'
import { loadTckConfig, TckConfigError, type TckConfig } from '../checklist/config/tck-config.ts'
import { FRONTEND_PROFILES } from '../checklist/ui/frontend-profile.ts'
import { uiItemOutcomes, uiSummaryLines } from '../checklist/ui/ui-run-summary.ts'
import { isHttpUrl, MAX_TOKEN_TTL_SECONDS, UI_RUNNER_ENV, uiRunEnv, type UiRunSettings } from '../checklist/ui/ui-run-settings.ts'

/** Usage text of `tck ui`. */
export const UI_USAGE = `Usage: tck ui --url <frontend> [options]

Runs the browser checklist (UI-001…016, Playwright) against a running frontend of the task app:
it signs up fresh users, works with their tasks and checks redirects, token handling and error
messages through the page. Elements are found by role and accessible name from a frontend
profile; an item the run cannot prove is skipped with the reason and what would enable it.

Options:
  --url <url>         the frontend's origin, e.g. https://staging.example.com (or ui.url in the config)
  --profile <name>    ${Object.keys(FRONTEND_PROFILES).join(' or ')} (default react-app); the config file's
                      ui.profile adapts one to your app's routes, labels and messages
  --mock              the frontend is a mock build exposing window.tckMock
                      (startMockWorker({ exposeOnWindow: true })): expiry, session end and offline
                      are steered through it
  --token-ttl <s>     lifetime of the frontend's JWTs, 1-${MAX_TOKEN_TTL_SECONDS} s, when short enough to wait out:
                      enables UI-004, UI-005 and UI-013 against a real backend
  --api-url <url>     the Task API the frontend calls, when on another origin: UI-007 then requires it
  --grep <regexp>     only the items whose title matches, e.g. "UI-00[1-4]"
  --browser <path>    a Chromium executable (default Playwright's own: npx playwright install chromium)
  --workers <n>       browsers side by side (default 1; each item signs up its own user)
  --headed            show the browser
  --trace             keep a Playwright trace of each failed item (it holds the test users'
                      cookies and JWTs: keep it out of public artifacts)
  --report-dir <dir>  Playwright's HTML and JSON reports (default reports/tck-ui)
  --config <path>     the config file (default: tck.config.* here); flags win over its "ui" section
  -h, --help          show this help

Needs @playwright/test in your project: npm i -D @playwright/test
Exit code: 0 every item passed or was skipped with its reason, 1 an item failed, 2 bad options.
`

const OPTIONS = {
  url: { type: 'string' },
  profile: { type: 'string' },
  mock: { type: 'boolean' },
  'token-ttl': { type: 'string' },
  'api-url': { type: 'string' },
  grep: { type: 'string' },
  browser: { type: 'string' },
  workers: { type: 'string' },
  headed: { type: 'boolean', default: false },
  trace: { type: 'boolean', default: false },
  'report-dir': { type: 'string' },
  config: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const

/**
 * The frontend is named by its origin: every route comes from the profile (a base path belongs there),
 * and credentials in the URL would be printed and kept in the reports.
 */
function frontendUrlProblems(url: string): string[] {
  if (!isHttpUrl(url)) return [`--url: "${url}" is not an http(s) URL`]
  const parsed = new URL(url)
  if (parsed.username || parsed.password) return ['--url: no credentials in the URL (they would be printed and kept in the reports)']
  if (parsed.pathname !== '/' || parsed.search || parsed.hash)
    return [`--url: give the origin only (${parsed.origin}); a base path goes into the profile's routes and authBasePath`]
  return []
}

/** This module's sibling in the source tree (a clone) or in dist/ (the package): .ts or .js. */
const PLAYWRIGHT_CONFIG = fileURLToPath(new URL(`../checklist/ui/ui-playwright.config${import.meta.url.endsWith('.ts') ? '.ts' : '.js'}`, import.meta.url))

/**
 * `tck ui` (`argv` without `ui`): checks the options and the config file's `ui` section (every
 * problem at once), then runs Playwright's test runner on the checklist's specs with the run's
 * settings in its environment. @returns Playwright's exit code (0 or 1), 2 for bad options.
 */
export async function runUiCommand(argv: string[], io: CommandIo, env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const parsed = parseCommandArgs(argv, OPTIONS, { usage: UI_USAGE, prefix: 'tck ui: ', io })
  if ('exitCode' in parsed) return parsed.exitCode
  const flags = parsed.values
  let loaded: { path: string; config: TckConfig } | undefined
  try {
    loaded = await loadTckConfig({ path: flags.config })
  } catch (error) {
    if (!(error instanceof TckConfigError)) throw error
    io.stderr.write(`tck ui: ${error.message}\n`)
    return 2
  }
  const file = loaded?.config.ui ?? {}
  // Paths in the config file are relative to it; on the command line, to the working directory.
  const fromFile = (path: string | undefined) => (path && loaded ? resolve(dirname(loaded.path), path) : path)
  const problems: string[] = []
  const url = flags.url ?? file.url
  if (!url) problems.push('--url is required (or ui.url in the config file)')
  else problems.push(...frontendUrlProblems(url))
  const apiUrl = flags['api-url'] ?? file.apiUrl
  if (apiUrl !== undefined && !isHttpUrl(apiUrl)) problems.push(`--api-url: "${apiUrl}" is not an http(s) URL`)
  const ttl = flags['token-ttl'] !== undefined ? Number(flags['token-ttl']) : file.tokenTtlSeconds
  if (ttl !== undefined && !(Number.isInteger(ttl) && ttl >= 1 && ttl <= MAX_TOKEN_TTL_SECONDS))
    problems.push(`--token-ttl must be a whole number of seconds from 1 to ${MAX_TOKEN_TTL_SECONDS}`)
  const workers = flags.workers !== undefined ? Number(flags.workers) : 1
  if (!Number.isInteger(workers) || workers < 1 || workers > 16) problems.push('--workers must be an integer from 1 to 16')
  // A profile from the file was checked with the rest of the file (loadTckConfig), every problem at once.
  let profile: UiRunSettings['profile'] = file.profile ?? 'react-app'
  if (flags.profile !== undefined) {
    if (flags.profile in FRONTEND_PROFILES) profile = flags.profile as keyof typeof FRONTEND_PROFILES
    else problems.push(`--profile must be one of ${Object.keys(FRONTEND_PROFILES).join(', ')} (a profile of your own goes in the config file's ui.profile)`)
  }
  if (flags.grep !== undefined) {
    try {
      new RegExp(flags.grep)
    } catch {
      problems.push(`--grep: "${flags.grep}" is not a regular expression`)
    }
  }
  if (problems.length > 0) {
    io.stderr.write(`tck ui: ${problems.map((p) => `\n  - ${p}`).join('')}\n\nRun tck ui --help for the options.\n`)
    return 2
  }

  let cli: string
  try {
    cli = createRequire(import.meta.url).resolve('@playwright/test/cli')
  } catch {
    io.stderr.write(
      'tck ui needs Playwright Test in your project: npm i -D @playwright/test\n(and a browser: npx playwright install chromium, or --browser PATH)\n',
    )
    return 2
  }
  const browser = fromFile(flags.browser ? resolve(flags.browser) : file.browser)
  const missingBrowser = browserProblem(cli, browser)
  if (missingBrowser) {
    io.stderr.write(`tck ui: ${missingBrowser}\n`)
    return 2
  }
  const settings: UiRunSettings = { url: new URL(url!).origin, apiUrl, mock: flags.mock ?? file.mock ?? false, tokenTtlSeconds: ttl, profile }
  const reportDir = flags['report-dir'] ? resolve(flags['report-dir']) : resolve(fromFile(file.reportDir) ?? 'reports/tck-ui')
  const args = [cli, 'test', '--config', PLAYWRIGHT_CONFIG, ...(flags.grep ? ['--grep', flags.grep] : []), ...(flags.headed ? ['--headed'] : [])]
  // Only this run's settings: a TCK_UI_* variable left in the shell must not change what flags and config chose.
  const inherited = Object.fromEntries(Object.entries(env).filter(([name]) => !name.startsWith('TCK_UI_')))
  const childEnv = {
    ...inherited,
    ...uiRunEnv(settings),
    ...(flags.trace ? { [UI_RUNNER_ENV.trace]: '1' } : {}),
    [UI_RUNNER_ENV.reportDir]: reportDir,
    [UI_RUNNER_ENV.workers]: String(workers),
    ...(browser ? { [UI_RUNNER_ENV.browser]: browser } : {}),
  }
  const results = join(reportDir, 'results.json')
  // A run that dies before its JSON reporter must not be summarized from the previous one.
  rmSync(results, { force: true })
  const mode = settings.mock ? 'mock build' : `real${ttl ? `, tokens live ${ttl} s` : ''}`
  const profileName = typeof profile === 'string' ? profile : `${profile.extends ?? 'react-app'} + config`
  io.stdout.write(`tck ui: the browser checklist against ${settings.url} (${mode}; profile ${profileName})\n`)
  const code = await new Promise<number>((done, fail) => {
    const child = spawn(process.execPath, args, { env: childEnv, stdio: ['ignore', 'pipe', 'pipe'] })
    child.stdout.pipe(io.stdout, { end: false })
    child.stderr.pipe(io.stderr, { end: false })
    const stop = () => child.kill('SIGTERM')
    io.signal?.addEventListener('abort', stop, { once: true })
    child.once('error', fail)
    child.once('close', (exit) => {
      io.signal?.removeEventListener('abort', stop)
      done(exit ?? 1)
    })
  })
  const summary = existsSync(results) ? summarize(readFileSync(results, 'utf8')) : undefined
  if (summary) io.stdout.write(`\n${summary.lines.map((line) => `tck ui: ${line}`).join('\n')}\n`)
  else io.stderr.write('tck ui: Playwright wrote no results (see its output above): nothing was checked\n')
  io.stdout.write(`tck ui: reports in ${reportDir} (html/index.html, results.json)\n`)
  return code === 0 && summary?.ran ? 0 : 1
}

/** Why no browser would start (every item would fail the same way), or undefined. */
function browserProblem(cli: string, browser: string | undefined): string | undefined {
  if (browser) return existsSync(browser) ? undefined : `--browser: ${browser} does not exist`
  let bundled: string | undefined
  try {
    // The playwright-core of the user's @playwright/test knows where `npx playwright install` puts Chromium.
    const core = createRequire(cli)('playwright-core') as { chromium: { executablePath(): string } }
    bundled = core.chromium.executablePath()
  } catch {
    return undefined
  }
  return existsSync(bundled) ? undefined : `Playwright's Chromium is not installed: npx playwright install chromium (or --browser PATH to a Chromium)`
}

/** The closing lines of a run; `ran` is false when no item ran (a run proving nothing is not a pass). */
function summarize(json: string): { lines: string[]; ran: boolean } | undefined {
  let report: Parameters<typeof uiItemOutcomes>[0] & { errors?: { message?: string }[] }
  try {
    report = JSON.parse(json)
  } catch {
    return undefined
  }
  const outcomes = uiItemOutcomes(report)
  const errors = (report.errors ?? []).map((e) => `ERROR ${(e.message ?? '').split('\n')[0]}`)
  const ran = outcomes.some((o) => o.status !== 'skipped') && errors.length === 0
  return { lines: [...errors, ...uiSummaryLines(outcomes), ...(ran ? [] : ['no item ran: nothing was checked'])], ran }
}
