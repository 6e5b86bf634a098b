import { spawnSync } from 'node:child_process'
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { connect } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs, type ParseArgsConfig } from 'node:util'
import { validateWorkflow } from '@action-validator/core'
import { afterAll, describe, expect, it } from 'vitest'
import pg from 'pg'
import { parse as parseYaml } from 'yaml'
import { CHECK_USAGE, OPTIONS_FOR_HELP } from '../../cli/check-command.ts'
import { ISSUER_USAGE } from '../../cli/issuer-command.ts'
import { MOCK_USAGE } from '../../cli/mock-command.ts'
import { MSW_INIT_USAGE } from '../../cli/msw-init-command.ts'
import { USAGE } from '../../cli/tck.ts'
import { UI_USAGE } from '../../cli/ui-command.ts'
import { configProblems, parseJsonc } from '../../checklist/config/tck-config.ts'
import { createPostgresDatabase, type TestDatabase } from '../../shared/db/postgres-database.ts'
import { findFreePort } from '../../shared/net/free-port.ts'
import { NO_POSTGRES_REASON, testEnv } from '../support/test-env.ts'
import { evaluate, interpolate, readWorkflowJob, WorkflowRunner, type Scope, type Step } from './workflow-runner.ts'

/**
 * examples/ci/: the worked GitHub Actions workflows. They validate against the workflow schema, every
 * `npx tck …` in them parses against the command's real options, every input given to the tasks-tck
 * action is declared in action.yml, and the FastAPI workflow's job runs here, step by step, without
 * GitHub (workflow-runner.ts): a fresh PostgreSQL database for `services: postgres`, the issuer, uvicorn,
 * the composite action of this repository, the steps after it.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const CI_DIR = join(ROOT, 'examples/ci')
const WORKFLOWS = ['fastapi-backend.yml', 'frontend.yml'] as const
const source = (name: string) => readFileSync(join(CI_DIR, name), 'utf8')

// ------------------------------------------------------------------ tck command lines in run: steps

/** The long and short options a usage text documents (its option lines), with whether each takes a value. */
function optionsFromUsage(usage: string): ParseArgsConfig['options'] {
  const options: NonNullable<ParseArgsConfig['options']> = {}
  for (const line of usage.split('\n')) {
    if (line.startsWith('Usage:')) {
      // options named in the synopsis itself, e.g. `tck check --target <reference|msw|prism|URL>`
      for (const m of line.matchAll(/--([a-z][a-z0-9-]*)( (?:<[^>]+>|[A-Z]+))?/g)) options[m[1]!] ??= { type: m[2] ? 'string' : 'boolean', multiple: true }
    }
    if (!/^ {2}-/.test(line)) continue // option lines; wrapped descriptions are indented deeper
    let short: string | undefined
    for (const part of line.trim().split(', ')) {
      const m = /^(?:-(\w)$|--([a-z][a-z0-9-]*)(?:[ =](\S+))?)/.exec(part)
      if (!m) break
      if (m[1]) short = m[1]
      else {
        options[m[2]!] = { type: m[3] ? 'string' : 'boolean', multiple: true, ...(short && { short }) }
        short = undefined
      }
    }
  }
  return options
}

/** The tck commands and their options, read from the usage texts `tck <command> --help` prints. */
const COMMAND_OPTIONS: Record<string, { options: ParseArgsConfig['options']; positionals: number }> = {
  check: { options: optionsFromUsage(CHECK_USAGE), positionals: 0 },
  issuer: { options: optionsFromUsage(ISSUER_USAGE), positionals: 0 },
  mock: { options: optionsFromUsage(MOCK_USAGE), positionals: 0 },
  'msw-init': { options: optionsFromUsage(MSW_INIT_USAGE), positionals: 1 },
  ui: { options: optionsFromUsage(UI_USAGE), positionals: 0 },
}

/** Shell words of one command line, up to a redirection, `&`, `|` or `;` ("$VAR" stays a word). */
function shellWords(line: string): string[] {
  const words: string[] = []
  for (const m of line.matchAll(/"([^"]*)"|'([^']*)'|([^\s"'&|;<>]+)|([&|;<>])/g)) {
    if (m[4]) break
    words.push(m[1] ?? m[2] ?? m[3]!)
  }
  return words
}

/** Every `npx tck …` command line of a workflow's run: steps. */
function tckLines(workflowSource: string): string[] {
  const workflow = parseYaml(workflowSource) as { jobs: Record<string, { steps: Step[] }> }
  return Object.values(workflow.jobs)
    .flatMap((job) => job.steps.map((s) => s.run ?? ''))
    .flatMap((run) => run.split('\n'))
    .filter((line) => /\bnpx tck\b/.test(line))
    .map((line) => line.slice(line.indexOf('npx tck')))
}

/** Why `npx tck …` would not parse with the real command's options, or undefined. */
function tckLineProblem(line: string): string | undefined {
  const [, , command, ...args] = shellWords(line)
  if (!command || !new RegExp(`^  ${command} `, 'm').test(USAGE)) return `unknown command "${command}"`
  const spec = COMMAND_OPTIONS[command]
  if (!spec) return `no option list for "${command}" in this test`
  try {
    const { positionals } = parseArgs({ args, options: spec.options, strict: true, allowPositionals: true })
    if (positionals.length !== spec.positionals) return `${positionals.length} positional argument(s), expected ${spec.positionals}`
  } catch (error) {
    return (error as Error).message
  }
  return undefined
}

// ------------------------------------------------------------------ static checks

describe('examples/ci workflows', () => {
  it.each(WORKFLOWS)('%s is a valid GitHub Actions workflow', (name) => {
    expect(validateWorkflow(source(name)).errors).toEqual([])
  })

  it('a broken copy is refused by the same validator', () => {
    const broken = source('fastapi-backend.yml').replace('runs-on: ubuntu-24.04', 'runs_on: ubuntu-24.04')
    expect(broken).not.toBe(source('fastapi-backend.yml'))
    expect(validateWorkflow(broken).errors.length).toBeGreaterThan(0)
    const misspelled = source('frontend.yml').replace('- name: Vitest\n        run:', '- name: Vitest\n        runn:')
    expect(validateWorkflow(misspelled).errors.length).toBeGreaterThan(0)
  })

  it('the option lists read from the usage texts are the commands’ real ones', () => {
    expect(Object.keys(COMMAND_OPTIONS.check!.options!).sort()).toEqual([...OPTIONS_FOR_HELP].sort())
    expect(Object.keys(COMMAND_OPTIONS.issuer!.options!)).toEqual(expect.arrayContaining(['port', 'state-dir', 'host']))
    expect(Object.keys(COMMAND_OPTIONS.mock!.options!)).toEqual(expect.arrayContaining(['port', 'seed', 'engine', 'help']))
    // the parse refuses what tck would refuse
    expect(tckLineProblem('npx tck issuer --prot 4455')).toMatch(/Unknown option '--prot'/)
    expect(tckLineProblem('npx tck check --strict yes')).toMatch(/positional/)
    expect(tckLineProblem('npx tck msw-init')).toMatch(/expected 1/)
    expect(tckLineProblem('npx tck ui --target http://x')).toMatch(/Unknown option '--target'/)
    expect(tckLineProblem('npx tck uii --url http://x')).toMatch(/unknown command "uii"/)
    expect(Object.keys(COMMAND_OPTIONS.ui!.options!)).toEqual(expect.arrayContaining(['url', 'mock', 'token-ttl', 'profile', 'report-dir', 'help']))
  })

  it.each(WORKFLOWS)('every `npx tck …` line of %s parses against the real command options', (name) => {
    const lines = tckLines(source(name))
    expect(lines.length).toBeGreaterThan(0)
    expect(lines.map((line) => [line, tckLineProblem(line)])).toEqual(lines.map((line) => [line, undefined]))
  })

  it('every input given to the tasks-tck action is declared in action.yml', () => {
    const action = parseYaml(readFileSync(join(ROOT, 'action.yml'), 'utf8')) as { inputs: Record<string, unknown>; outputs: Record<string, unknown> }
    const workflowText = source('fastapi-backend.yml')
    const steps = (parseYaml(workflowText) as { jobs: Record<string, { steps: Step[] }> }).jobs.checklist!.steps
    const tck = steps.filter((s) => s.uses?.startsWith('OWNER/tasks-tck@'))
    expect(tck).toHaveLength(1)
    const given = Object.keys(tck[0]!.with ?? {})
    expect(given.filter((k) => !(k in action.inputs))).toEqual([])
    expect(given).toEqual(expect.arrayContaining(['config', 'issuer-url', 'reports']))
    // the outputs the later steps read are the action's
    const used = [...workflowText.matchAll(/steps\.tck\.outputs\.([\w-]+)/g)].map((m) => m[1]!)
    expect(used.length).toBeGreaterThan(0)
    expect(used.filter((o) => !(o in action.outputs))).toEqual([])
  })

  it('the config file it uses is a valid tck config', () => {
    expect(configProblems(parseJsonc(source('tck.config.jsonc')))).toEqual([])
    expect(parseYaml(source('fastapi-backend.yml')).permissions).toMatchObject({ 'security-events': 'write' })
  })

  it('the frontend workflow calls tck msw-init, mock and ui (the browser checklist, on the mock build)', () => {
    const lines = tckLines(source('frontend.yml')).map((l) => shellWords(l))
    expect(lines.map((words) => words[2])).toEqual(['msw-init', 'mock', 'ui'])
    expect(lines[2]!.filter((w) => w.startsWith('--'))).toEqual(['--url', '--mock', '--profile', '--report-dir'])
  })

  it('runs on main are never cancelled; a newer push to a pull request cancels its older run', () => {
    for (const name of WORKFLOWS) {
      const value = String((parseYaml(source(name)) as { concurrency: Record<string, unknown> }).concurrency['cancel-in-progress'])
      const cancels = (github: Record<string, unknown>) => interpolate(value, { env: {}, steps: {}, failed: false, github })
      expect(cancels({ event_name: 'push' }), name).toBe('false')
      expect(cancels({ event_name: 'pull_request' }), name).toBe('true')
    }
  })

  it('the SARIF upload is off for fork pull requests and Dependabot (read-only token), on otherwise', () => {
    const steps = (parseYaml(source('fastapi-backend.yml')) as { jobs: Record<string, { steps: Step[] }> }).jobs.checklist!.steps
    const value = steps.find((s) => s.id === 'tck')!.with!['upload-sarif']
    const upload = (github: Record<string, unknown>) => interpolate(value, { env: {}, steps: {}, failed: false, github })
    const pr = (fork: boolean) => ({ pull_request: { head: { repo: { fork } } } })
    expect(upload({ event_name: 'push' })).toBe('true')
    expect(upload({ event_name: 'pull_request', event: pr(false) })).toBe('true')
    expect(upload({ event_name: 'pull_request', event: pr(true) })).toBe('false')
    expect(upload({ event_name: 'pull_request', event: pr(false), actor: 'dependabot[bot]' })).toBe('false')
  })

  it('the expression evaluator used below reads GitHub expressions as GitHub does', () => {
    const scope: Scope = {
      env: { A: 'x' },
      steps: { tck: { outputs: { 'sarif-file': '/r.sarif' }, outcome: 'failure' } },
      inputs: { 'upload-sarif': 'true' },
      failed: true,
    }
    expect(evaluate("!cancelled() && inputs.upload-sarif == 'true' && steps.tck.outputs.sarif-file != ''", scope)).toBe(true)
    expect(evaluate("inputs.upload-sarif == 'false' || env.A", scope)).toBe('x')
    expect(evaluate('failure()', scope)).toBe(true)
    expect(() => evaluate('env.NOPE', scope)).toThrow(/not set/)
    expect(evaluate('github.event.pull_request.head.repo.fork != true', scope)).toBe(true) // null on a push, as on GitHub
  })

  /** action.yml through the local runner: a stand-in tck (reports written, exit `tckExit`) and a stand-in upload-sarif (failing when asked). */
  async function runActionLocally(tckExit: number, uploadFails: boolean, inputs: Record<string, string> = {}) {
    const dir = mkdtempSync(join(tmpdir(), 'tck-fail-'))
    cleanups.push(() => rmSync(dir, { recursive: true, force: true }))
    const stub = join(dir, 'tck.mjs')
    writeFileSync(
      stub,
      `import { mkdirSync, writeFileSync } from 'node:fs'
const dir = process.argv[process.argv.indexOf('--report-dir') + 1]
mkdirSync(dir, { recursive: true })
writeFileSync(dir + '/results.json', JSON.stringify({ counts: { pass: 3, fail: ${tckExit === 0 ? 0 : 1}, warn: 0, skip: 0, info: 0 } }))
writeFileSync(dir + '/summary.md', 'the summary\\n')
writeFileSync(dir + '/results.sarif', JSON.stringify({ version: '2.1.0', runs: [] }))
process.exitCode = ${tckExit}
`,
    )
    const uploaded: string[] = []
    const runner: WorkflowRunner = new WorkflowRunner(dir, { PATH: process.env.PATH ?? '', TCK_BIN: stub }, async (step, withValues) => {
      if (step.uses!.startsWith('actions/setup-node')) return
      if (step.uses!.startsWith('github/codeql-action/upload-sarif@v4')) {
        uploaded.push(withValues.sarif_file!)
        if (uploadFails) throw new Error('Resource not accessible by integration')
        return
      }
      throw new Error(`no stand-in for ${step.uses}`)
    })
    cleanups.push(() => runner.cleanup())
    const result = await runner.runComposite(join(ROOT, 'action.yml'), { target: 'http://127.0.0.1:9', ...inputs }, {}).then(
      (outputs) => ({ failed: false, outputs }),
      (error: Error & { outputs?: Record<string, string> }) => ({ failed: true, outputs: error.outputs ?? {} }),
    )
    const records = runner.records
    return { ...result, uploaded, outcomes: records.map((r) => r.outcome), log: records.map((r) => `--- ${r.label}\n${r.output}`).join('\n'), records }
  }

  it('the action uploads the SARIF of a failing check, then fails with its exit code', async () => {
    const run = await runActionLocally(1, false)
    expect(run.failed, run.log).toBe(true)
    expect(run.outputs).toMatchObject({ 'exit-code': '1', failed: '1' })
    expect(run.uploaded).toEqual([run.outputs['sarif-file']])
    // setup-node, tck (continues on error), upload, no warning, the verdict
    expect(run.outcomes).toEqual(['success', 'failure', 'success', 'skipped', 'failure'])
  })

  it('a failed SARIF upload is a warning: a green checklist stays green, a red one stays red for its own reason', async () => {
    // node-version '' skips setup-node (it would change the Node of the caller's later steps).
    const green = await runActionLocally(0, true, { 'node-version': '' })
    expect(green.failed, green.log).toBe(false)
    expect(green.outputs).toMatchObject({ 'exit-code': '0', failed: '0' })
    expect(green.uploaded).toHaveLength(1)
    expect(green.outcomes).toEqual(['skipped', 'success', 'failure', 'success', 'skipped'])
    expect(green.records[3]!.output).toMatch(/^::warning title=tasks-tck::The SARIF upload to code scanning failed/m)
    const red = await runActionLocally(1, true)
    expect(red.failed, red.log).toBe(true)
    expect(red.outputs['exit-code']).toBe('1')
    expect(red.outcomes).toEqual(['success', 'failure', 'failure', 'success', 'failure'])
  })
})

// ------------------------------------------------------------------ the FastAPI job, run here

const PYTHON = '/usr/bin/python3'
const MODULES = 'fastapi, uvicorn, jwt, cryptography, sqlalchemy, psycopg2'
const hasPython = spawnSync(PYTHON, ['-c', `import ${MODULES}`]).status === 0
const skip = !hasPython
  ? `Python modules missing for ${PYTHON} (${MODULES}): run sh examples/fastapi-backend/install.sh`
  : !testEnv.databaseUrl
    ? NO_POSTGRES_REASON
    : undefined
if (skip && testEnv.ci) throw new Error(skip)

const cleanups: (() => Promise<void> | void)[] = []
afterAll(async () => {
  for (const c of cleanups.reverse()) await c()
})

function portOpen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect(port, '127.0.0.1')
    socket.once('connect', () => resolve(socket.destroy() === undefined))
    socket.once('error', () => resolve(false))
  })
}

describe.skipIf(skip !== undefined)(`the FastAPI workflow's job, run locally${skip ? ` (skipped: ${skip})` : ''}`, () => {
  it('starts PostgreSQL, the issuer and uvicorn, runs the action, and ends green with every report written', async () => {
    const { job } = readWorkflowJob(join(CI_DIR, 'fastapi-backend.yml'), 'checklist')

    // actions/checkout: the repository is the FastAPI example plus the files examples/ci/ gives it
    const repo = mkdtempSync(join(tmpdir(), 'tck-ci-repo-'))
    cleanups.push(() => rmSync(repo, { recursive: true, force: true }))
    cpSync(join(ROOT, 'examples/fastapi-backend'), repo, { recursive: true })
    for (const f of ['requirements.txt', 'tck.config.jsonc']) cpSync(join(CI_DIR, f), join(repo, f))

    // services.postgres: a fresh database on this machine's PostgreSQL instead of the container
    const service = (job.services as { postgres: { image: string; env: Record<string, string>; ports: string[]; options: string } }).postgres
    expect(service.image).toBe('postgres:16')
    expect(service.options).toMatch(/--health-cmd "pg_isready/)
    const database: TestDatabase = await createPostgresDatabase(testEnv.databaseUrl!)
    cleanups.push(() => database.drop())
    const serviceUrl = `postgresql://${service.env.POSTGRES_USER}:${service.env.POSTGRES_PASSWORD}@127.0.0.1:${service.ports[0]!.split(':')[0]}/${service.env.POSTGRES_DB}`

    // fixed ports of the job (ISSUER_PORT, API_PORT) become free ports here, in every env value naming them
    const jobEnv = Object.fromEntries(Object.entries(job.env ?? {}).map(([k, v]) => [k, String(v)]))
    for (const [key, value] of Object.entries(jobEnv)) {
      if (!key.endsWith('_PORT')) continue
      const port = String(await findFreePort())
      for (const k of Object.keys(jobEnv)) jobEnv[k] = jobEnv[k]!.replaceAll(`:${value}`, `:${port}`)
      jobEnv[key] = port
    }

    // actions/setup-python: Debian's python3 as `python` on PATH
    const bin = join(repo, '.runner-bin')
    mkdirSync(bin)
    symlinkSync(PYTHON, join(bin, 'python'))
    const uses: string[] = []
    const sarifFiles: string[] = []
    const runner: WorkflowRunner = new WorkflowRunner(
      repo,
      { PATH: `${bin}:${process.env.PATH}`, HOME: process.env.HOME ?? tmpdir(), CI: 'true', GITHUB_ACTIONS: 'true' },
      async (step, withValues, env): Promise<Record<string, string> | void> => {
        uses.push(step.uses!)
        const name = step.uses!.replace(/@.*/, '')
        if (name === 'actions/checkout' || name === 'actions/setup-python' || name === 'actions/setup-node') return
        if (name === 'actions/upload-artifact') return void expect(existsSync(withValues.path!), `artifact path ${withValues.path}`).toBe(true)
        if (name === 'github/codeql-action/upload-sarif') {
          sarifFiles.push(withValues.sarif_file!)
          return void expect(JSON.parse(readFileSync(withValues.sarif_file!, 'utf8')).version).toBe('2.1.0')
        }
        if (name === 'OWNER/tasks-tck') return runner.runComposite(join(ROOT, 'action.yml'), withValues, env)
        throw new Error(`no stand-in for ${step.uses}`)
      },
    )
    cleanups.push(() => runner.cleanup())

    const steps = job.steps.map((step): Step => {
      // pip install -r requirements.txt: the same packages from Debian, already installed (checked above)
      if (step.id === 'python-deps') {
        expect(step.run).toMatch(/pip install -r requirements\.txt/)
        return { ...step, run: `python -c 'import ${MODULES}'` }
      }
      // npm install tasks-tck: this checkout, where npm would put the package (npx tck and the action find it there)
      if (step.id === 'install-tck') {
        expect(step.run).toMatch(/npm install .*tasks-tck/)
        return { ...step, run: `mkdir -p node_modules/.bin && ln -s '${ROOT}' node_modules/tasks-tck && ln -s ../tasks-tck/bin/tck.mjs node_modules/.bin/tck` }
      }
      return step
    })
    const scope = await runner.runSteps(steps, { env: jobEnv, steps: {}, failed: false }, (_step, env) => {
      if (env.DATABASE_URL === undefined) return env
      expect(env.DATABASE_URL).toBe(serviceUrl) // the workflow's URL names the service's user, password, port and database
      return { ...env, DATABASE_URL: database.url }
    })
    const log = runner.records.map((r) => `--- ${r.outcome}: ${r.label}\n${r.output}`).join('\n')

    expect(
      runner.records.filter((r) => r.outcome === 'failure').map((r) => r.label),
      log,
    ).toEqual([])
    expect(scope.failed).toBe(false)
    expect(runner.records.find((r) => r.label === 'Server logs')?.outcome).toBe('skipped')
    expect(uses).toEqual(expect.arrayContaining(['OWNER/tasks-tck@v0', 'github/codeql-action/upload-sarif@v4', 'actions/upload-artifact@v4']))

    // the action's outputs, and the step that reads them
    const outputs = scope.steps.tck!.outputs
    expect(outputs['exit-code']).toBe('0')
    expect(Number(outputs.passed)).toBeGreaterThan(50)
    expect(outputs.failed).toBe('0')
    expect(runner.records.find((r) => r.label === 'The counts in the job log')?.output).toMatch(
      new RegExp(`::notice title=tasks-tck::${outputs.passed} passed, 0 failed, ${outputs.warned} warned`),
    )
    const reportDir = join(repo, 'reports/tck')
    expect(outputs['report-dir']).toBe(reportDir)
    for (const f of ['index.html', 'summary.md', 'junit.xml', 'results.json', 'results.sarif']) expect(existsSync(join(reportDir, f)), f).toBe(true)
    expect(sarifFiles).toEqual([join(reportDir, 'results.sarif')])
    const results = JSON.parse(readFileSync(join(reportDir, 'results.json'), 'utf8'))
    expect(results).toMatchObject({ ok: true, counts: { fail: 0 }, authMode: 'jwks', target: jobEnv.API_URL })
    expect(readFileSync(runner.summaryFile, 'utf8')).toMatch(/tasks-tck|checklist/i)

    // the backend really kept its tasks in the job's PostgreSQL
    const db = new pg.Client({ connectionString: database.url })
    await db.connect()
    try {
      const { rows } = await db.query<{ n: string }>('SELECT count(*) AS n FROM tasks')
      expect(Number(rows[0]!.n)).toBeGreaterThan(0)
    } finally {
      await db.end()
    }

    // no leak: the issuer and uvicorn die with the runner
    await runner.cleanup()
    expect(runner.leftovers()).toEqual([])
    expect(await portOpen(Number(jobEnv.ISSUER_PORT))).toBe(false)
    expect(await portOpen(Number(jobEnv.API_PORT))).toBe(false)
  }, 90_000)
})
