import { createHash, randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { validateAction, validateWorkflow } from '@action-validator/core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { parse } from 'yaml'
import { spawnChild } from '../../shared/process/spawn-child.ts'
import { useTckProcesses } from '../support/spawn-tck.ts'
import { parseOutputFile } from '../support/github-output.ts'
import { startTrustingBackend } from '../support/trusting-backend.ts'

/**
 * The composite action of issue 13 §4, proven without GitHub: its script step (action.yml's `run`
 * line, through bash) runs with the variables the runner sets and the INPUT_* env action.yml maps,
 * against the real `tck check` of this clone (TCK_BIN) or a stub that records what it was given.
 */
const ROOT = fileURLToPath(new URL('../../', import.meta.url))
const TCK = join(ROOT, 'bin', 'tck.mjs')
const ACTION_YML = readFileSync(join(ROOT, 'action.yml'), 'utf8')
const SCRIPT = readFileSync(join(ROOT, 'action', 'tck-action.mjs'), 'utf8')
const INSTALL = readFileSync(join(ROOT, 'action', 'install-tck.mjs'), 'utf8')
interface Step {
  id?: string
  uses?: string
  if?: string
  run?: string
  shell?: string
  with?: Record<string, string>
  env?: Record<string, string>
  'continue-on-error'?: boolean
}
const action = parse(ACTION_YML) as {
  inputs: Record<string, { default?: string }>
  outputs: Record<string, { value: string }>
  runs: { using: string; steps: Step[] }
}
const tckStep = action.runs.steps.find((step) => step.id === 'tck')!
const SECRET = `s3cret-${randomBytes(24).toString('hex')}`
/** A GitHub expression as action.yml spells it: `${{ <inner> }}`. */
const expression = (inner: string) => `\${{ ${inner} }}`
const sha256 = (text: string) => createHash('sha256').update(text).digest('hex')

const { tempDir } = useTckProcesses('tck-action-')

/** The env action.yml gives the script step: each `${{ inputs.X }}` becomes the value given, else the input's default. */
function stepEnv(inputs: Record<string, string>): Record<string, string> {
  for (const name of Object.keys(inputs)) expect(action.inputs, `input ${name} is not declared`).toHaveProperty([name])
  return Object.fromEntries(
    Object.entries(tckStep.env ?? {}).map(([key, value]) => [
      key,
      value.replace(/\$\{\{\s*inputs\.([\w-]+)\s*\}\}/g, (_, name: string) => inputs[name] ?? action.inputs[name]?.default ?? ''),
    ]),
  )
}

/** A stand-in for tck: records its arguments, a hash of TCK_SECRET (never the secret) and whether INPUT_SECRET reached it in $STUB_OUT, exits with $STUB_EXIT. */
function writeStub(dir: string): string {
  mkdirSync(dir, { recursive: true })
  const file = join(dir, 'tck.mjs')
  writeFileSync(
    file,
    `import { createHash } from 'node:crypto'
import { writeFileSync } from 'node:fs'
const secret = process.env.TCK_SECRET
writeFileSync(process.env.STUB_OUT, JSON.stringify({ bin: process.argv[1], argv: process.argv.slice(2), cwd: process.cwd(), secret: secret ? createHash('sha256').update(secret).digest('hex') : null, inputSecret: 'INPUT_SECRET' in process.env }))
process.exitCode = Number(process.env.STUB_EXIT ?? 0)
`,
  )
  return file
}

/** A stand-in `npm` on the workspace's PATH (see runAction): writes its arguments, one a line, to $STUB_NPM_LOG and fails. */
function fakeNpm(workspace: string): void {
  const bin = join(workspace, '..', 'fake-bin')
  mkdirSync(bin, { recursive: true })
  writeFileSync(join(bin, 'npm'), '#!/bin/sh\nprintf "%s\\n" "$@" > "$STUB_NPM_LOG"\nexit 3\n', { mode: 0o755 })
}

interface ActionRun {
  code: number | null
  log: string
  outputs: Record<string, string>
  outputFile: string
  summary: string
  workspace: string
  stub?: { bin: string; argv: string[]; cwd: string; secret: string | null; inputSecret: boolean }
}

/** Runs action.yml's script step as the runner would (bash, GITHUB_* variables, the mapped INPUT_* env) in a fresh workspace. */
async function runAction(
  inputs: Record<string, string>,
  options: { tckBin?: string | null; env?: Record<string, string>; prepare?: (workspace: string) => void } = {},
): Promise<ActionRun> {
  const dir = tempDir()
  const workspace = join(dir, 'workspace')
  const runnerTemp = join(dir, 'runner-temp')
  mkdirSync(workspace)
  mkdirSync(runnerTemp)
  options.prepare?.(workspace)
  const files = { GITHUB_OUTPUT: join(dir, 'output'), GITHUB_STEP_SUMMARY: join(dir, 'summary'), STUB_OUT: join(dir, 'stub.json') }
  for (const file of [files.GITHUB_OUTPUT, files.GITHUB_STEP_SUMMARY]) writeFileSync(file, '')
  const tckBin = options.tckBin === undefined ? TCK : options.tckBin
  const env = {
    PATH: `${join(dir, 'fake-bin')}:${process.env.PATH ?? ''}`,
    HOME: dir,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: workspace,
    GITHUB_ACTION_PATH: ROOT,
    RUNNER_TEMP: runnerTemp,
    ...files,
    ...(tckBin && { TCK_BIN: tckBin }),
    ...stepEnv(inputs),
    ...options.env,
  }
  expect(tckStep.shell).toBe('bash')
  const child = spawnChild('bash', ['-c', tckStep.run!], { cwd: workspace, env, outputLimit: Infinity })
  const code = await child.exited
  return {
    code,
    log: child.output(),
    outputs: parseOutputFile(readFileSync(files.GITHUB_OUTPUT, 'utf8')),
    outputFile: readFileSync(files.GITHUB_OUTPUT, 'utf8'),
    summary: readFileSync(files.GITHUB_STEP_SUMMARY, 'utf8'),
    workspace,
    ...(existsSync(files.STUB_OUT) && { stub: JSON.parse(readFileSync(files.STUB_OUT, 'utf8')) }),
  }
}

/** Every file under `dir`, read as text. */
function allFiles(dir: string): { path: string; text: string }[] {
  return readdirSync(dir, { recursive: true, encoding: 'utf8' })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile())
    .map((path) => ({ path, text: readFileSync(path, 'utf8') }))
}

let backend: Awaited<ReturnType<typeof startTrustingBackend>>
beforeAll(async () => {
  backend = await startTrustingBackend()
})
afterAll(async () => {
  await backend?.close()
})

describe('the GitHub Action (action.yml, action/tck-action.mjs)', () => {
  it('a passing run against the MSW mock: counts, exit code, summary, reports and SARIF as outputs', async () => {
    const run = await runAction({ target: 'msw' })
    expect(run.code, run.log).toBe(0)
    const reportDir = join(run.workspace, 'reports', 'tck')
    const report = JSON.parse(readFileSync(join(reportDir, 'results.json'), 'utf8'))
    expect(run.outputs).toEqual({
      'exit-code': '0',
      passed: String(report.counts.pass),
      failed: '0',
      warned: '0',
      'not-provable': String(report.counts.skip),
      'report-dir': reportDir,
      'sarif-file': join(reportDir, 'results.sarif'),
      'summary-file': join(reportDir, 'summary.md'),
    })
    expect(Number(run.outputs.passed)).toBeGreaterThan(0)
    // Every output action.yml declares is one the script wrote, under the same name.
    expect(Object.keys(run.outputs).sort()).toEqual(Object.keys(action.outputs).sort())
    expect(JSON.parse(readFileSync(run.outputs['sarif-file']!, 'utf8'))).toMatchObject({ version: '2.1.0' })
    for (const name of ['index.html', 'junit.xml']) expect(existsSync(join(reportDir, name)), name).toBe(true)
    const markdown = readFileSync(run.outputs['summary-file']!, 'utf8')
    expect(markdown.length).toBeGreaterThan(100)
    expect(run.summary.trimEnd()).toBe(markdown.trimEnd())
  }, 120_000)

  it('a failing run: exit 1 after the outputs and the summary are written; the secret is in no file and no log', async () => {
    // A backend that accepts any decodable token: alg "none" (AUTH-005) gets a 200, a FAIL.
    const run = await runAction({ target: backend.url, auth: 'shared-secret', secret: SECRET, args: '-t AUTH-005', reports: 'md' })
    expect(run.code, run.log).toBe(1)
    expect(run.log).toMatch(/FAIL\s+AUTH-005/)
    expect(run.outputs).toMatchObject({ 'exit-code': '1', failed: '1', passed: '0' })
    expect(run.outputs['sarif-file']).toMatch(/results\.sarif$/) // upload-sarif (default true) adds sarif to the reports
    expect(run.summary).toContain('AUTH-005')
    // The one place it appears: the runner's ::add-mask:: command (stdout), which hides it in the rest of the log.
    expect(run.log.split(SECRET)).toHaveLength(2)
    expect(run.log).toMatch(new RegExp(`^::add-mask::${SECRET}$`, 'm'))
    for (const text of [run.log.replace(`::add-mask::${SECRET}`, ''), run.outputFile, run.summary]) expect(text).not.toContain(SECRET)
    for (const file of allFiles(run.workspace)) expect(file.text, file.path).not.toContain(SECRET)
  }, 120_000)

  it('a usage error (tck exits 2): exit-code 2 and a summary line, no counts, no stale report', async () => {
    const run = await runAction(
      { target: 'msw', auth: 'nope' },
      {
        // A previous run's report in the same folder must not pass for this one.
        prepare: (workspace) => {
          mkdirSync(join(workspace, 'reports', 'tck'), { recursive: true })
          writeFileSync(join(workspace, 'reports', 'tck', 'results.json'), JSON.stringify({ counts: { pass: 9, fail: 0, warn: 0, skip: 0 } }))
          writeFileSync(join(workspace, 'reports', 'tck', 'summary.md'), 'stale')
        },
      },
    )
    expect(run.code, run.log).toBe(2)
    expect(run.outputs).toEqual({ 'exit-code': '2', 'report-dir': join(run.workspace, 'reports', 'tck'), 'sarif-file': '', 'summary-file': '' })
    expect(run.summary).toMatch(/^\*\*tasks-tck\*\*: `tck check` exited 2 before the checklist ran/)
  }, 60_000)

  it('refuses bad inputs itself (exit 2, tck not run): fail-on, an unterminated quote, --secret or --update-baseline in args, an odd version', async () => {
    const stub = writeStub(tempDir())
    const npmLog = join(tempDir(), 'npm-called')
    for (const [inputs, message] of [
      [{ 'fail-on': 'sometimes' }, 'fail-on: "sometimes" is neither fail nor warn'],
      [{ args: `-t 'AUTH` }, "args: unterminated ' quote"],
      [{ args: `--secret=${SECRET}` }, 'pass the secret as the `secret` input'],
      [{ args: '-t AUTH --update-baseline' }, 'args: --update-baseline is refused in CI'],
      [{ args: '--update-baseline=yes' }, 'args: --update-baseline is refused in CI'],
      // No shell ever sees `version`, and what is neither a version, a path nor an npm spec is refused before npm runs.
      [{ version: '0.1.0 | calc.exe' }, 'version: "0.1.0 | calc.exe" is neither a version'],
      [{ version: '0.1.0&&touch pwned' }, 'version: "0.1.0&&touch pwned" is neither'],
      [{ version: 'file:x > y' }, 'version: "file:x > y" is neither'],
    ] as const) {
      const odd = 'version' in inputs
      const run = await runAction({ target: 'msw', ...inputs }, { tckBin: odd ? null : stub, env: { STUB_NPM_LOG: npmLog }, ...(odd && { prepare: fakeNpm }) })
      expect(run.code, run.log).toBe(2)
      expect(run.stub).toBeUndefined()
      expect(existsSync(npmLog), 'npm was run').toBe(false)
      expect(existsSync(join(run.workspace, 'pwned'))).toBe(false)
      expect(run.log).toContain(message)
      expect(run.outputs['exit-code']).toBe('2')
      expect(run.summary).toContain('exited 2 before the checklist ran')
      for (const text of [run.log, run.outputFile, run.summary]) expect(text).not.toContain(SECRET)
    }
  })

  it('turns the inputs into exactly these tck flags; the secret reaches tck only as TCK_SECRET', async () => {
    const stub = writeStub(tempDir())
    const run = await runAction(
      {
        config: 'ci/tck.config.jsonc',
        target: 'http://127.0.0.1:8001',
        auth: 'shared-secret',
        'issuer-url': 'http://127.0.0.1:4455',
        'better-auth-url': 'http://127.0.0.1:3000',
        'base-path': '/v1',
        baseline: 'tck-baseline.json',
        args: `-t "AUTH-0 x" --origin 'http://a b' \\\n  --no-cors\t--users a,b --claim name="\\"q\\" \\$HOME" $HOME`,
        reports: 'html, junit',
        'report-dir': 'out/tck',
        'fail-on': 'warn',
        secret: SECRET,
      },
      { tckBin: stub, env: { STUB_EXIT: '1' } },
    )
    expect(run.code, run.log).toBe(1)
    expect(run.stub?.argv).toEqual([
      'check',
      ...['--config', 'ci/tck.config.jsonc', '--target', 'http://127.0.0.1:8001', '--auth', 'shared-secret'],
      ...['--issuer-url', 'http://127.0.0.1:4455', '--better-auth-url', 'http://127.0.0.1:3000', '--base-path', '/v1', '--baseline', 'tck-baseline.json'],
      ...['--report', 'html,junit,json,md,sarif', '--report-dir', join(run.workspace, 'out', 'tck'), '--strict'],
      // Split like a shell would, but nothing is expanded or evaluated.
      ...['-t', 'AUTH-0 x', '--origin', 'http://a b', '--no-cors', '--users', 'a,b', '--claim', 'name="q" $HOME', '$HOME'],
    ])
    expect(run.stub?.cwd).toBe(run.workspace)
    expect(run.stub?.secret).toBe(sha256(SECRET))
    expect(run.stub?.inputSecret).toBe(false)
    for (const text of [run.log.replace(`::add-mask::${SECRET}`, ''), run.outputFile, run.summary, JSON.stringify(run.stub)]) expect(text).not.toContain(SECRET)
    // upload-sarif: false does not add sarif; json and md are always there (outputs and summary).
    const plain = await runAction({ target: 'msw', reports: 'md', 'upload-sarif': 'false' }, { tckBin: stub })
    expect(plain.stub?.argv).toEqual(['check', '--target', 'msw', '--report', 'md,json', '--report-dir', join(plain.workspace, 'reports', 'tck')])
    expect(plain.stub?.secret).toBeNull()
  })

  it('the secret: a TCK_SECRET of the job survives an empty input, the input wins when given, only the input is masked', async () => {
    const stub = writeStub(tempDir())
    const JOB_SECRET = `job-${randomBytes(16).toString('hex')}`
    // Empty input: the job's TCK_SECRET reaches tck (an empty input no longer hides it), and nothing is printed for it.
    const job = await runAction({ target: 'msw' }, { tckBin: stub, env: { TCK_SECRET: JOB_SECRET } })
    expect(job.code, job.log).toBe(0)
    expect(job.stub?.secret).toBe(sha256(JOB_SECRET))
    expect(job.log).not.toContain('::add-mask::')
    expect(job.log).not.toContain(JOB_SECRET)
    // Both: the input wins; INPUT_SECRET is not passed on; only the input's value is masked.
    const both = await runAction({ target: 'msw', secret: SECRET }, { tckBin: stub, env: { TCK_SECRET: JOB_SECRET } })
    expect(both.stub?.secret).toBe(sha256(SECRET))
    expect(both.stub?.inputSecret).toBe(false)
    expect(both.log.match(/^::add-mask::.*$/gm)).toEqual([`::add-mask::${SECRET}`])
    expect(both.log).not.toContain(JOB_SECRET)
    // A multi-line secret is masked line by line (the runner masks one line per command).
    const lines = await runAction({ target: 'msw', secret: `${SECRET}\nline-two-${SECRET}` }, { tckBin: stub })
    expect(lines.log.match(/^::add-mask::.*$/gm)).toEqual([`::add-mask::${SECRET}`, `::add-mask::line-two-${SECRET}`])
    expect(lines.stub?.secret).toBe(sha256(`${SECRET}\nline-two-${SECRET}`))
  })

  it("without a version and no workspace install, installs the action's own version (never latest)", async () => {
    const npmLog = join(tempDir(), 'npm-args')
    const own = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version as string
    const run = await runAction({ target: 'msw' }, { tckBin: null, env: { STUB_NPM_LOG: npmLog }, prepare: fakeNpm })
    expect(run.log).toContain(`Installing tasks-tck@${own} into`)
    expect(readFileSync(npmLog, 'utf8').trim().split('\n')).toEqual([
      'i',
      '--no-save',
      '--no-audit',
      '--no-fund',
      '--prefix',
      expect.stringMatching(/runner-temp\/tasks-tck-action$/),
      `tasks-tck@${own}`,
    ])
    // the stand-in npm fails: exit 2, nothing checked
    expect(run.code, run.log).toBe(2)
    expect(run.log).toContain(`npm i tasks-tck@${own} failed`)
    // an explicit dist-tag is kept as asked
    const tagged = await runAction({ target: 'msw', version: 'next' }, { tckBin: null, env: { STUB_NPM_LOG: npmLog }, prepare: fakeNpm })
    expect(tagged.log).toContain('Installing tasks-tck@next into')
  })

  it("installs tasks-tck: the workspace's own when no version is asked, else the npm spec under RUNNER_TEMP", async () => {
    // Offline: a test never reaches the registry (a wrong choice fails fast instead of installing tasks-tck@latest).
    const offline = { npm_config_offline: 'true', npm_config_update_notifier: 'false' }
    const own = await runAction(
      { target: 'msw' },
      { tckBin: null, env: offline, prepare: (workspace) => writeStub(join(workspace, 'node_modules', 'tasks-tck', 'bin')) },
    )
    expect(own.code, own.log).toBe(0)
    expect(own.stub?.bin).toBe(join(own.workspace, 'node_modules', 'tasks-tck', 'bin', 'tck.mjs'))
    // A local package by npm spec (file: needs no registry).
    const pkg = tempDir()
    writeStub(join(pkg, 'bin'))
    writeFileSync(join(pkg, 'package.json'), JSON.stringify({ name: 'tasks-tck', version: '0.0.0-test', type: 'module', bin: { tck: 'bin/tck.mjs' } }))
    const installed = await runAction({ target: 'msw', version: `file:${pkg}` }, { tckBin: null, env: offline })
    expect(installed.code, installed.log).toBe(0)
    expect(installed.log).toContain(`Installing file:${pkg}`)
    expect(installed.stub?.argv[0]).toBe('check')
    expect(installed.stub?.bin).toMatch(/runner-temp\/tasks-tck-action\/node_modules\/tasks-tck\/bin\/tck\.mjs$/)
    expect(existsSync(join(installed.workspace, 'node_modules'))).toBe(false)
  }, 60_000)

  it('action.yml is a valid composite action whose inputs and outputs are all wired', () => {
    expect(validateAction(ACTION_YML).errors).toEqual([])
    expect(action.runs.using).toBe('composite')
    const declared = Object.keys(action.inputs)
    const used = [...ACTION_YML.matchAll(/\$\{\{[^}]*?\binputs\.([\w-]+)/g)].map((m) => m[1]!)
    // Every input used is declared, and every declared one is used.
    expect([...new Set(used)].filter((name) => !declared.includes(name))).toEqual([])
    expect(declared.filter((name) => !used.includes(name))).toEqual([])
    // Each input but setup-node's reaches the script as INPUT_<NAME> (the secret too: a TCK_SECRET: '' would hide the job's), and the script reads it.
    const env = tckStep.env ?? {}
    expect(env).not.toHaveProperty(['TCK_SECRET'])
    for (const name of declared.filter((name) => name !== 'node-version')) {
      const key = `INPUT_${name.toUpperCase().replaceAll('-', '_')}`
      expect(env[key], name).toBe(expression(`inputs.${name}`))
      expect(SCRIPT + INSTALL, name).toContain(name === 'secret' ? 'INPUT_SECRET' : `'${name}'`)
    }
    expect(Object.keys(env)).toHaveLength(declared.length - 1)
    // Outputs come from the script step under their own names.
    for (const [name, output] of Object.entries(action.outputs)) expect(output.value, name).toBe(expression(`steps.tck.outputs.${name}`))
    const [setup, , upload] = action.runs.steps
    // node-version '' skips setup-node (it would change the Node of the caller's later steps too).
    expect(setup).toMatchObject({ uses: 'actions/setup-node@v4', with: { 'node-version': expression('inputs.node-version') } })
    expect(setup?.if).toBe(expression("inputs.node-version != ''"))
    expect(action.inputs['node-version']?.default).toBe('20')
    expect(upload).toMatchObject({
      id: 'upload-sarif',
      uses: 'github/codeql-action/upload-sarif@v4',
      with: { sarif_file: expression('steps.tck.outputs.sarif-file'), category: 'tasks-tck' },
    })
    // The upload runs after a failed check too (not always(): a cancelled run uploads nothing), and only when asked and a SARIF exists.
    expect(upload?.if).toBe(expression("!cancelled() && inputs.upload-sarif == 'true' && steps.tck.outputs.sarif-file != ''"))
    expect(tckStep.run).toBe('node "$GITHUB_ACTION_PATH/action/tck-action.mjs"')
  })

  it('a failed SARIF upload is a warning, not the verdict: the upload continues on error, the next step warns', async () => {
    const steps = action.runs.steps
    const at = steps.findIndex((step) => step.id === 'upload-sarif')
    expect(steps[at]?.['continue-on-error']).toBe(true)
    const warn = steps[at + 1]!
    expect(warn.if).toBe(expression("!cancelled() && steps.upload-sarif.outcome == 'failure'"))
    expect(steps.at(-1)).not.toBe(warn) // the verdict stays last
    const child = spawnChild('bash', ['-c', warn.run!], { env: { PATH: process.env.PATH } })
    expect(await child.exited).toBe(0)
    expect(child.output()).toMatch(/^::warning title=tasks-tck::The SARIF upload to code scanning failed .*upload-sarif false skips it\.$/m)
  })

  it("gives the verdict last: the check step continues on error, the final step exits with tck's code", async () => {
    // The upload and the outputs never depend on how GitHub treats a failed step's outputs.
    expect(tckStep['continue-on-error']).toBe(true)
    const verdict = action.runs.steps.at(-1)!
    expect(action.runs.steps.indexOf(verdict)).toBeGreaterThan(action.runs.steps.findIndex((step) => step.uses?.includes('upload-sarif')))
    expect(verdict.if).toBe(expression("steps.tck.outcome != 'success'"))
    expect(verdict.env).toEqual({ TCK_EXIT_CODE: expression('steps.tck.outputs.exit-code') })
    const exitWith = async (code: string | undefined) =>
      spawnChild('bash', ['-c', verdict.run!], { env: { PATH: process.env.PATH, ...(code !== undefined && { TCK_EXIT_CODE: code }) } }).exited
    expect(await exitWith('1')).toBe(1)
    expect(await exitWith('2')).toBe(2)
    expect(await exitWith(undefined)).toBe(1) // the script died before writing exit-code
  })

  it("README's usage snippet is a valid job that uses only the action's inputs and outputs", () => {
    const readme = readFileSync(join(ROOT, 'README.md'), 'utf8')
    const snippet = /### GitHub Action\n[\s\S]*?```yaml\n([\s\S]*?)```/.exec(readme)?.[1]
    expect(snippet).toContain('uses: OWNER/tasks-tck@v0')
    const indented = snippet!.replace(/^(?=.)/gm, '    ')
    expect(validateWorkflow(`on: push\njobs:\n  check:\n    runs-on: ubuntu-latest\n${indented}`).errors).toEqual([])
    const job = parse(snippet!) as { steps: Step[] }
    const step = job.steps.find((s) => s.uses === 'OWNER/tasks-tck@v0')!
    for (const name of Object.keys(step.with ?? {})) expect(action.inputs, name).toHaveProperty([name])
    for (const [, name] of snippet!.matchAll(/steps\.tck\.outputs\.([\w-]+)/g)) expect(action.outputs, name).toHaveProperty([name!])
  })
})
