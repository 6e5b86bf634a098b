import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { configProblems, parseJsonc, type TckConfig } from '../../checklist/config/tck-config.ts'
import { mergeFrontendProfile } from '../../checklist/ui/frontend-profile.ts'
import { uiItemOutcomes, uiSummaryLines } from '../../checklist/ui/ui-run-summary.ts'
import { readUiRunSettings, uiRunEnv } from '../../checklist/ui/ui-run-settings.ts'
import { runUiCommand } from '../../cli/ui-command.ts'
import { serveStatic, type StaticServer } from '../../shared/http/static-server.ts'
import { appConfigScript } from '../../web/app/app-config.ts'
import { buildWebApp } from '../../web/app/build-web-app.ts'
import { capture } from '../support/capture-output.ts'
import { browserSkipReason, CHROMIUM_PATH } from '../support/chromium.ts'
import { spawnTck } from '../support/spawn-tck.ts'
import { testEnv } from '../support/test-env.ts'

const ROOT = resolve(import.meta.dirname, '../..')
const dir = mkdtempSync(join(tmpdir(), 'tck-ui-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

/** Streams for runUiCommand that keep what it writes. */
function captureIo() {
  const stdout = capture()
  const stderr = capture()
  return {
    out: {
      get stdout() {
        return stdout.text()
      },
      get stderr() {
        return stderr.text()
      },
    },
    io: { stdout: stdout.stream, stderr: stderr.stream },
  }
}

/** `tck ui` as a user runs it: bin/tck.mjs in `cwd` (where a config file may be), with `env` besides PATH and HOME. */
async function tckUi(args: string[], cwd: string, env: Record<string, string> = {}): Promise<{ code: number | null; output: string }> {
  const tck = spawnTck(['ui', ...args], { HOME: process.env.HOME ?? '', NO_COLOR: '1', FORCE_COLOR: '0', ...env }, cwd)
  const code = await tck.exited
  return { code, output: tck.output() }
}

describe('tck ui: options and settings', () => {
  it('reports every problem of the command line at once and runs nothing', async () => {
    const { out, io } = captureIo()
    const code = await runUiCommand(['--url', 'ftp://x', '--token-ttl', '900', '--profile', 'angular', '--workers', '0', '--grep', '('], io, {})
    expect(code).toBe(2)
    for (const problem of [
      '--url: "ftp://x" is not an http(s) URL',
      '--token-ttl must be',
      '--profile must be one of react-app, nextjs-example',
      '--workers',
      '--grep',
    ])
      expect(out.stderr).toContain(problem)
    expect(out.stdout).not.toContain('the browser checklist against')
  })

  it('takes the frontend by its origin: no path, no credentials', async () => {
    for (const [url, problem] of [
      ['http://user:secret@127.0.0.1:3000', 'no credentials in the URL'],
      ['http://127.0.0.1:3000/app', 'give the origin only (http://127.0.0.1:3000)'],
    ]) {
      const { out, io } = captureIo()
      expect(await runUiCommand(['--url', url!], io, {})).toBe(2)
      expect(out.stderr).toContain(problem)
      expect(out.stderr).not.toContain('secret')
    }
  })

  it('stops before Playwright when no browser would start', async () => {
    const { out, io } = captureIo()
    expect(await runUiCommand(['--url', 'http://127.0.0.1:9', '--browser', join(dir, 'no-such-chromium')], io, {})).toBe(2)
    expect(out.stderr).toContain('--browser: ')
    expect(out.stderr).toContain('no-such-chromium does not exist')
    expect(out.stdout).not.toContain('the browser checklist against')
  })

  it('never reports a previous run, and a run where no item ran is not a pass', async () => {
    const reports = mkdtempSync(join(dir, 'stale-'))
    writeFileSync(join(reports, 'results.json'), JSON.stringify({ suites: [{ specs: [{ title: 'UI-001 old', tests: [{ status: 'expected' }] }] }] }))
    // No item matches, so no browser starts: any existing file passes the browser preflight.
    const run = await tckUi(['--url', 'http://127.0.0.1:9/', '--grep', 'UI-999', '--browser', process.execPath, '--report-dir', reports], dir)
    expect(run.output).toContain('tck ui: the browser checklist against http://127.0.0.1:9 (')
    expect(run.output).toContain('tck ui: 0 passed, 0 failed, 0 skipped')
    expect(run.output).toContain('no item ran: nothing was checked')
    expect(run.code).toBe(1)
  }, 60_000)

  it('requires a URL, from the flag or the config file', async () => {
    const { out, io } = captureIo()
    const cwd = process.cwd()
    process.chdir(dir)
    try {
      expect(await runUiCommand([], io, {})).toBe(2)
    } finally {
      process.chdir(cwd)
    }
    expect(out.stderr).toContain('--url is required (or ui.url in the config file)')
  })

  it("checks the config file's ui section: a profile's problems at once, and neither a lifetime nor a field label taken for a secret", () => {
    const problems = configProblems({
      ui: {
        url: 'http://127.0.0.1:3000',
        tokenTtlSeconds: 20,
        profile: { routes: { signIn: 'sign-in' }, fields: { password: 'Passwort' }, buttons: { nope: 'x' } },
      },
    })
    expect(problems.sort()).toEqual(['ui.profile: buttons.nope: unknown key', 'ui.profile: routes.signIn: must start with "/"'])
    expect(configProblems({ ui: { tokenTtlSeconds: 301, profile: 'angular' } })).toHaveLength(2)
    expect(configProblems({ ui: { profile: { extends: 'nextjs-example', fields: { password: 'Passwort' } } } })).toEqual([])
  })

  it("accepts the README's example config for tck ui, and its profile merges over nextjs-example", () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
    const section = readme.slice(readme.indexOf('### Point `tck ui` at your own frontend'))
    const block = /```jsonc\n([\s\S]*?)```/.exec(section)?.[1]
    expect(block, 'a jsonc block in the section').toBeDefined()
    const config = parseJsonc(block!) as TckConfig
    expect(configProblems(config)).toEqual([])
    const profile = mergeFrontendProfile(config.ui!.profile)
    expect(profile.routes.taskList).toBe('/dashboard')
    expect(profile.routes.userTasks).toBeUndefined()
    expect(profile.headings.taskList).toEqual(/^My chores$/)
  })

  it('carries a profile with RegExps to the workers and back unchanged', () => {
    const env = uiRunEnv({
      url: 'http://127.0.0.1:3000',
      mock: false,
      tokenTtlSeconds: 20,
      profile: { extends: 'nextjs-example', headings: { taskList: /^My chores$/i } },
    })
    const read = readUiRunSettings(env)
    expect(read.problems).toEqual([])
    expect(read.settings).toMatchObject({ url: 'http://127.0.0.1:3000', mock: false, tokenTtlSeconds: 20 })
    const profile = mergeFrontendProfile(read.settings!.profile)
    expect(profile.headings.taskList).toEqual(/^My chores$/i)
    expect(profile.messages.notFound).toEqual(/Task not found|That task no longer exists/)
    expect(readUiRunSettings({ TCK_UI_TOKEN_TTL: '0', TCK_UI_PROFILE: 'angular', TCK_UI_URL: 'x' }).problems).toHaveLength(3)
  })

  it("summarizes Playwright's JSON report per item, with every skip's reason and every failure's first line", () => {
    const test = (status: string, extra: object = {}) => ({ status, annotations: [], results: [{ status, annotations: [], errors: [] }], ...extra })
    const report = {
      suites: [
        {
          specs: [{ title: 'UI-001 a', tests: [test('expected')] }],
          suites: [
            {
              specs: [
                { title: 'UI-007 b', tests: [test('skipped', { annotations: [{ type: 'skip', description: 'no cross-origin API' }] })] },
                {
                  title: 'UI-016 c',
                  tests: [
                    test('unexpected', { results: [{ status: 'failed', errors: [{ message: '\u001b[31mError: a JWT in localStorage\u001b[39m\nmore' }] }] }),
                  ],
                },
                {
                  title: 'UI-014 d',
                  tests: [
                    test('unexpected', {
                      results: [{ status: 'failed', errors: [{ message: "Error: expect(locator).toBeVisible() failed\n\nLocator: getByRole('heading')\n" }] }],
                    }),
                  ],
                },
                { title: 'not an item', tests: [test('expected')] },
              ],
            },
          ],
        },
      ],
    }
    const outcomes = uiItemOutcomes(report)
    expect(outcomes.map((o) => [o.id, o.status, o.detail])).toEqual([
      ['UI-001', 'passed', undefined],
      ['UI-007', 'skipped', 'no cross-origin API'],
      ['UI-016', 'failed', 'Error: a JWT in localStorage'],
      ['UI-014', 'failed', "Error: expect(locator).toBeVisible() failed (Locator: getByRole('heading'))"],
    ])
    expect(uiSummaryLines(outcomes)).toEqual([
      'FAIL UI-016: Error: a JWT in localStorage',
      "FAIL UI-014: Error: expect(locator).toBeVisible() failed (Locator: getByRole('heading'))",
      'SKIP UI-007: no cross-origin API',
      '1 passed, 2 failed, 1 skipped',
    ])
  })
})

const browserSkip = browserSkipReason(testEnv.ci)

describe.skipIf(browserSkip !== undefined)(`tck ui against our web app's mock build${browserSkip ? ` (skipped: ${browserSkip})` : ''}`, () => {
  let web: StaticServer
  beforeAll(async () => {
    const built = await buildWebApp({ outDir: join(dir, 'web-mock'), mode: 'mock' })
    web = await serveStatic(built, {
      spaFallback: true,
      files: { '/app-config.js': { type: 'text/javascript; charset=utf-8', body: appConfigScript({ mode: 'mock', apiBaseUrl: '' }) } },
    })
  }, 120_000)
  afterAll(() => web?.close())

  it('runs from the config file alone: an item passes, another is skipped with its reason, exit 0', async () => {
    const cwd = mkdtempSync(join(dir, 'pass-'))
    const ui = { url: web.url, mock: true, browser: CHROMIUM_PATH, profile: { extends: 'react-app', headings: { taskList: { regex: '^My tasks$' } } } }
    writeFileSync(join(cwd, 'tck.config.json'), JSON.stringify({ ui }))
    // A TCK_UI_* variable left in the shell changes nothing (this one would stop every worker).
    const run = await tckUi(['--grep', 'UI-006|UI-007'], cwd, { TCK_UI_TOKEN_TTL: 'not-a-number' })
    expect(run.output).toContain('1 passed, 0 failed, 1 skipped')
    expect(run.output).toContain('SKIP UI-007: the frontend runs on the mock (--mock)')
    expect(run.output).toContain(`reports in ${join(cwd, 'reports/tck-ui')}`)
    expect(run.code).toBe(0)
  }, 120_000)

  it("fails, exit 1, when the page does not match the config file's profile", async () => {
    const cwd = mkdtempSync(join(dir, 'profile-'))
    const ui = { url: web.url, mock: true, browser: CHROMIUM_PATH, profile: { headings: { taskList: 'My chores' } } }
    writeFileSync(join(cwd, 'tck.config.json'), JSON.stringify({ ui }))
    const run = await tckUi(['--grep', 'UI-014'], cwd)
    expect(run.output).toContain('0 passed, 1 failed, 0 skipped')
    expect(run.output).toMatch(/FAIL UI-014: .*My chores/)
    expect(run.code).toBe(1)
  }, 120_000)

  it("fails UI-007 when the app's calls do not go to the Task API named by --api-url", async () => {
    const run = await tckUi(
      ['--url', web.url, '--api-url', 'http://127.0.0.1:9', '--browser', CHROMIUM_PATH, '--grep', 'UI-007', '--report-dir', join(dir, 'api-url')],
      dir,
    )
    expect(run.output).toMatch(/FAIL UI-007: .*the Task API the run was given/)
    expect(run.code).toBe(1)
  }, 120_000)
})
