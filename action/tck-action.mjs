#!/usr/bin/env node
/**
 * The shell logic of the composite action (../action.yml), as a plain Node script with no
 * dependency so that tests/action/tck-action.test.ts can run it without GitHub. Composite actions do
 * not turn inputs into INPUT_* variables: action.yml maps each one explicitly. The `secret` input
 * (INPUT_SECRET) wins over a TCK_SECRET the job already has; either reaches `tck check` only as
 * TCK_SECRET in its environment (a flag would show in the log), and INPUT_SECRET is not passed on.
 *
 * It installs tasks-tck (install-tck.mjs: unless TCK_BIN names a tck bin, or the workspace has one and
 * no version is asked; else the version asked, by default the action's own), runs `tck check`, appends summary.md to $GITHUB_STEP_SUMMARY, writes the outputs (counts
 * from results.json) to $GITHUB_OUTPUT, and exits with tck's exit code — after everything is written,
 * so a failing check still leaves its outputs, summary and SARIF for the next steps.
 */
import { spawnSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { appendFileSync, existsSync, readFileSync, rmSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { tckBin } from './install-tck.mjs'

const env = process.env
const input = (name) => (env[`INPUT_${name.toUpperCase().replaceAll('-', '_')}`] ?? '').trim()
const workspace = env.GITHUB_WORKSPACE || process.cwd()

/** Splits `args` like a shell does (quotes, backslashes, any whitespace) but expands and evaluates nothing. */
function splitArgs(text) {
  const words = []
  let word = null
  let quote = null
  for (let i = 0; i < text.length; i++) {
    const c = text[i]
    if (quote === "'") {
      if (c === "'") quote = null
      else word += c
    } else if (c === '\\' && text[i + 1] === '\n') {
      i++ // a line continuation, as in a shell
    } else if (c === '\\' && i + 1 < text.length && (quote === null || '"\\$`'.includes(text[i + 1]))) {
      word = (word ?? '') + text[++i]
    } else if (quote === '"') {
      if (c === '"') quote = null
      else word += c
    } else if (c === "'" || c === '"') {
      quote = c
      word ??= ''
    } else if (/\s/.test(c)) {
      if (word !== null) words.push(word)
      word = null
    } else word = (word ?? '') + c
  }
  if (quote) throw new Error(`args: unterminated ${quote} quote`)
  if (word !== null) words.push(word)
  return words
}

/** The `tck check` arguments the inputs ask for. json and md are always written: the outputs and the summary come from them. */
function checkArgs(reportDir) {
  const failOn = input('fail-on') || 'fail'
  if (failOn !== 'fail' && failOn !== 'warn') throw new Error(`fail-on: "${failOn}" is neither fail nor warn`)
  const extra = splitArgs(input('args'))
  const flag = (name) => extra.some((arg) => arg === name || arg.startsWith(`${name}=`))
  if (flag('--secret')) throw new Error('args: pass the secret as the `secret` input (TCK_SECRET), never as a flag')
  if (flag('--update-baseline'))
    throw new Error('args: --update-baseline is refused in CI (it would accept every finding): run it locally, give each entry a reason, commit the file')
  const reports = new Set([...input('reports').split(','), 'json', 'md'].map((r) => r.trim()).filter(Boolean))
  if (input('upload-sarif') === 'true') reports.add('sarif')
  const args = ['check']
  for (const name of ['config', 'target', 'auth', 'issuer-url', 'better-auth-url', 'base-path', 'baseline'])
    if (input(name)) args.push(`--${name}`, input(name))
  args.push('--report', [...reports].join(','), '--report-dir', reportDir)
  if (failOn === 'warn') args.push('--strict')
  return [...args, ...extra]
}

/** Appends `name` to $GITHUB_OUTPUT in the heredoc form, which is safe for any value (newlines included). */
function setOutput(name, value) {
  if (!env.GITHUB_OUTPUT) return
  let delimiter = `tck_${randomBytes(8).toString('hex')}`
  while (String(value).includes(delimiter)) delimiter = `tck_${randomBytes(8).toString('hex')}`
  appendFileSync(env.GITHUB_OUTPUT, `${name}<<${delimiter}\n${value}\n${delimiter}\n`)
}

function summary(markdown) {
  if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, `${markdown.trimEnd()}\n`)
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'))
  } catch {
    return undefined
  }
}

const reportDir = resolve(workspace, input('report-dir') || 'reports/tck')
// A previous run's reports must not pass for this run's (exit 2 writes none).
for (const name of ['results.json', 'summary.md', 'results.sarif']) rmSync(join(reportDir, name), { force: true })
// The secret: the input's value is masked in the log (on stdout, where the runner reads commands) before anything runs.
const { INPUT_SECRET: secretInput, ...childEnv } = env
if (secretInput?.trim()) {
  for (const line of secretInput.split(/\r?\n/)) if (line.trim()) process.stdout.write(`::add-mask::${line}\n`)
  childEnv.TCK_SECRET = secretInput
}
let code = 2
try {
  const args = checkArgs(reportDir)
  const bin = tckBin(env, input('version'), workspace)
  console.log(`tck ${args.join(' ')}`)
  const run = spawnSync(process.execPath, [bin, ...args], { stdio: 'inherit', cwd: workspace, env: childEnv })
  code = run.status ?? 1
  if (run.error) console.error(`tasks-tck: could not run ${bin}: ${run.error.message}`)
} catch (error) {
  console.error(`tasks-tck: ${error instanceof Error ? error.message : error}`)
}

// Outputs and summary are written whatever happened: exit 2 (usage, configuration, preflight) leaves no report.
const report = readJson(join(reportDir, 'results.json'))
const file = (name) => (existsSync(join(reportDir, name)) ? join(reportDir, name) : '')
setOutput('exit-code', code)
setOutput('report-dir', reportDir)
setOutput('sarif-file', file('results.sarif'))
setOutput('summary-file', file('summary.md'))
if (report?.counts) {
  setOutput('passed', report.counts.pass)
  setOutput('failed', report.counts.fail)
  setOutput('warned', report.counts.warn)
  setOutput('not-provable', report.counts.skip)
}
if (file('summary.md')) summary(readFileSync(file('summary.md'), 'utf8'))
else if (code === 2)
  summary(
    "**tasks-tck**: `tck check` exited 2 before the checklist ran (usage, configuration, install or preflight error): nothing was checked — see this step's log.",
  )
else summary(`**tasks-tck**: \`tck check\` exited ${code} and wrote no report — see this step's log.`)
process.exitCode = code
