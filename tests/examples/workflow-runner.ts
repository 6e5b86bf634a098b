import { parseOutputFile } from '../support/github-output.ts'
import { spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { parse as parseYaml } from 'yaml'

/**
 * A tiny local stand-in for the GitHub Actions runner, enough to run a worked workflow's job here:
 * `run:` steps in bash (as GitHub runs them: `bash -e`, `-eo pipefail` with `shell: bash`), `${{ }}`
 * expressions (contexts env, steps, inputs, github — see Scope.github; operators ! && || == !=; always(), success(),
 * failure(), cancelled()), `if:`, step outputs through $GITHUB_OUTPUT, $GITHUB_STEP_SUMMARY, composite
 * actions. A `uses:` step is handed to the caller (`onUses`), which replaces it or runs a composite
 * action with {@link WorkflowRunner.runComposite}. Every bash gets its own process group, so the
 * background servers a step starts (`cmd &`) are killed by {@link WorkflowRunner.cleanup}.
 */

type Yaml = Record<string, unknown>
export interface Step {
  id?: string
  name?: string
  if?: string | boolean
  uses?: string
  run?: string
  shell?: string
  with?: Record<string, unknown>
  env?: Record<string, unknown>
  'continue-on-error'?: boolean
}
export interface StepRecord {
  label: string
  outcome: 'success' | 'failure' | 'skipped'
  output: string
}
export interface Scope {
  env: Record<string, string>
  steps: Record<string, { outputs: Record<string, string>; outcome: string }>
  inputs?: Record<string, string>
  /** The github context beyond workspace (event_name, actor, event …); defaults: a push by octocat. */
  github?: Record<string, unknown>
  failed: boolean
}
export type UsesHandler = (step: Step, withValues: Record<string, string>, env: Record<string, string>) => Promise<Record<string, string> | void>

export function readWorkflowJob(file: string, job: string): { workflow: Yaml; job: Yaml & { steps: Step[]; env?: Record<string, unknown>; services?: Yaml } } {
  const workflow = parseYaml(readFileSync(file, 'utf8')) as Yaml
  const found = (workflow.jobs as Yaml | undefined)?.[job]
  if (!found) throw new Error(`${file}: no job ${job}`)
  return { workflow, job: found as never }
}

// ------------------------------------------------------------------------------- expressions

type Value = string | number | boolean | null | undefined | Record<string, unknown>
type Token = { kind: 'op' | 'str' | 'num' | 'word'; text: string }

function tokenize(source: string): Token[] {
  const tokens: Token[] = []
  const re = /\s*(?:(&&|\|\||==|!=|[!()[\]])|'((?:[^']|'')*)'|(-?\d+(?:\.\d+)?)|([A-Za-z_][\w-]*(?:\.[A-Za-z_*][\w-]*)*))/y
  let at = 0
  while (at < source.length) {
    if (/^\s*$/.test(source.slice(at))) break
    re.lastIndex = at
    const m = re.exec(source)
    if (!m) throw new Error(`expression: cannot read "${source.slice(at)}" in "${source}"`)
    at = re.lastIndex
    if (m[1] !== undefined) tokens.push({ kind: 'op', text: m[1] })
    else if (m[2] !== undefined) tokens.push({ kind: 'str', text: m[2].replaceAll("''", "'") })
    else if (m[3] !== undefined) tokens.push({ kind: 'num', text: m[3] })
    else tokens.push({ kind: 'word', text: m[4]! })
  }
  return tokens
}

const truthy = (v: Value) => !(v === '' || v === 0 || v === false || v === null || v === undefined)

/** Evaluates one GitHub expression (without `${{ }}`) against `scope`. Unknown names are errors, not ''. */
export function evaluate(source: string, scope: Scope): Value {
  const tokens = tokenize(source)
  let i = 0
  const peek = () => tokens[i]
  const take = (text?: string) => {
    const t = tokens[i++]
    if (!t || (text !== undefined && t.text !== text)) throw new Error(`expression: expected ${text ?? 'a value'} in "${source}"`)
    return t
  }
  const functions: Record<string, () => Value> = {
    always: () => true,
    success: () => !scope.failed,
    failure: () => scope.failed,
    cancelled: () => false,
  }
  const lookup = (path: string): Value => {
    const [root, ...rest] = path.split('.')
    const github = { workspace: scope.env.GITHUB_WORKSPACE, event_name: 'push', actor: 'octocat', event: {}, ...scope.github }
    const contexts: Record<string, unknown> = { env: scope.env, steps: scope.steps, inputs: scope.inputs, github }
    if (!(root! in contexts) || contexts[root!] === undefined) throw new Error(`expression: unknown context "${root}" in "${source}"`)
    let value: unknown = contexts[root!]
    for (const key of rest) value = value === undefined || value === null ? undefined : (value as Record<string, unknown>)[key]
    // steps and github: a missing property is null, as on GitHub (github.event.pull_request on a push)
    if (value === undefined && root !== 'steps' && root !== 'github') throw new Error(`expression: ${path} is not set (in "${source}")`)
    return value as Value
  }
  const primary = (): Value => {
    const t = take()
    if (t.kind === 'str') return t.text
    if (t.kind === 'num') return Number(t.text)
    if (t.kind === 'op' && t.text === '!') return !truthy(primary())
    if (t.kind === 'op' && t.text === '(') {
      const v = or()
      take(')')
      return v
    }
    if (t.kind !== 'word') throw new Error(`expression: unexpected "${t.text}" in "${source}"`)
    if (t.text === 'true' || t.text === 'false') return t.text === 'true'
    if (t.text === 'null') return null
    if (peek()?.text === '(') {
      take('(')
      take(')')
      const fn = functions[t.text]
      if (!fn) throw new Error(`expression: unknown function ${t.text}() in "${source}"`)
      return fn()
    }
    let path = t.text
    while (peek()?.text === '[') {
      take('[')
      path += `.${take().text}`
      take(']')
    }
    return lookup(path)
  }
  const equality = (): Value => {
    let left = primary()
    while (peek()?.text === '==' || peek()?.text === '!=') {
      const op = take().text
      const right = primary()
      const same =
        typeof left === 'string' && typeof right === 'string' ? left.toLowerCase() === right.toLowerCase() : String(left ?? '') === String(right ?? '')
      left = op === '==' ? same : !same
    }
    return left
  }
  const and = (): Value => {
    let left = equality()
    while (peek()?.text === '&&') {
      take()
      const right = equality()
      left = truthy(left) ? right : left
    }
    return left
  }
  const or = (): Value => {
    let left = and()
    while (peek()?.text === '||') {
      take()
      const right = and()
      left = truthy(left) ? left : right
    }
    return left
  }
  const value = or()
  if (i !== tokens.length) throw new Error(`expression: unexpected "${tokens[i]!.text}" in "${source}"`)
  return value
}

/** `text` with every `${{ expr }}` replaced by its value ('' for null/undefined). */
export function interpolate(text: unknown, scope: Scope): string {
  return String(text ?? '').replace(/\$\{\{(.*?)\}\}/g, (_, expr: string) => {
    const v = evaluate(expr, scope)
    return v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v)
  })
}

function condition(step: Step, scope: Scope): boolean {
  if (step.if === undefined) return !scope.failed
  if (typeof step.if === 'boolean') return step.if
  const expr = step.if.trim().replace(/^\$\{\{(.*)\}\}$/s, '$1')
  // GitHub adds success() unless the condition calls a status function itself.
  const v = evaluate(expr, scope)
  return /\b(always|failure|cancelled|success)\(\)/.test(expr) ? truthy(v) : !scope.failed && truthy(v)
}

// ------------------------------------------------------------------------------- the runner

export class WorkflowRunner {
  readonly records: StepRecord[] = []
  readonly summaryFile: string
  private readonly temp: string
  private readonly groups: number[] = []
  private seq = 0

  constructor(
    readonly workspace: string,
    readonly baseEnv: Record<string, string>,
    readonly onUses: UsesHandler,
    readonly stepTimeoutMs = 90_000,
  ) {
    this.temp = mkdtempSync(join(tmpdir(), 'tck-runner-'))
    this.summaryFile = join(this.temp, 'step-summary.md')
    writeFileSync(this.summaryFile, '')
  }

  /** Runs `steps` in order (job or composite scope); returns the scope (steps' outputs, failed). */
  async runSteps(steps: Step[], scope: Scope, stepEnv?: (step: Step, env: Record<string, string>) => Record<string, string>): Promise<Scope> {
    for (const step of steps) {
      const label = step.name ?? step.uses ?? step.run?.split('\n')[0] ?? '?'
      if (!condition(step, scope)) {
        this.records.push({ label, outcome: 'skipped', output: '' })
        if (step.id) scope.steps[step.id] = { outputs: {}, outcome: 'skipped' }
        continue
      }
      let env: Record<string, string> = { ...scope.env }
      for (const [k, v] of Object.entries(step.env ?? {})) env[k] = interpolate(v, scope)
      if (stepEnv) env = stepEnv(step, env)
      let outputs: Record<string, string> = {}
      let ok = true
      let output = ''
      try {
        if (step.uses) {
          const withValues = Object.fromEntries(Object.entries(step.with ?? {}).map(([k, v]) => [k, interpolate(v, scope)]))
          outputs = (await this.onUses(step, withValues, env)) ?? {}
        } else if (step.run !== undefined) {
          const result = await this.bash(interpolate(step.run, scope), env, step.shell)
          ;({ ok, output, outputs } = result)
        } else throw new Error(`step ${label}: neither run nor uses`)
      } catch (error) {
        ok = false
        output += `\n${error instanceof Error ? error.message : String(error)}`
        // a failed composite action still has the outputs its steps wrote before failing
        outputs = (error as { outputs?: Record<string, string> }).outputs ?? outputs
      }
      this.records.push({ label, outcome: ok ? 'success' : 'failure', output })
      if (step.id) scope.steps[step.id] = { outputs, outcome: ok ? 'success' : 'failure' }
      // continue-on-error: the outcome stays `failure`, the job goes on (GitHub's conclusion is success).
      if (!ok && step['continue-on-error'] !== true) scope.failed = true
    }
    return scope
  }

  /** Runs a composite action (its action.yml) with `inputs`; returns its outputs; throws when a step failed. */
  async runComposite(actionFile: string, given: Record<string, string>, env: Record<string, string>): Promise<Record<string, string>> {
    const action = parseYaml(readFileSync(actionFile, 'utf8')) as Yaml
    const declared = (action.inputs ?? {}) as Record<string, { default?: unknown }>
    for (const name of Object.keys(given)) if (!(name in declared)) throw new Error(`${actionFile}: no input "${name}"`)
    const inputs = Object.fromEntries(Object.entries(declared).map(([name, d]) => [name, given[name] ?? String(d.default ?? '')]))
    const runs = action.runs as { using: string; steps: Step[] }
    if (runs.using !== 'composite') throw new Error(`${actionFile}: not a composite action`)
    const scope: Scope = { env: { ...env, GITHUB_ACTION_PATH: dirname(actionFile) }, steps: {}, inputs, failed: false }
    await this.runSteps(runs.steps, scope)
    const outputs = Object.fromEntries(
      Object.entries((action.outputs ?? {}) as Record<string, { value: string }>).map(([name, o]) => [name, interpolate(o.value, scope)]),
    )
    if (scope.failed) throw Object.assign(new Error(`${actionFile}: a step failed`), { outputs })
    return outputs
  }

  private bash(script: string, env: Record<string, string>, shell?: string): Promise<{ ok: boolean; output: string; outputs: Record<string, string> }> {
    const n = ++this.seq
    const file = join(this.temp, `step-${n}.sh`)
    const outputFile = join(this.temp, `output-${n}`)
    writeFileSync(file, script)
    writeFileSync(outputFile, '')
    const flags = shell === 'bash' ? ['--noprofile', '--norc', '-eo', 'pipefail'] : ['-e']
    if (shell !== undefined && shell !== 'bash') throw new Error(`shell ${shell}: only bash is run here`)
    const child = spawn('bash', [...flags, file], {
      cwd: this.workspace,
      env: {
        ...this.baseEnv,
        ...env,
        GITHUB_OUTPUT: outputFile,
        GITHUB_STEP_SUMMARY: this.summaryFile,
        GITHUB_WORKSPACE: this.workspace,
        RUNNER_TEMP: this.temp,
      },
      detached: true, // its own process group: the servers it leaves running are killed with it
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    this.groups.push(child.pid!)
    let output = ''
    child.stdout.on('data', (chunk: Buffer) => (output += chunk))
    child.stderr.on('data', (chunk: Buffer) => (output += chunk))
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        output += `\n(step timed out after ${this.stepTimeoutMs} ms)`
        this.kill(child.pid!, 'SIGKILL')
      }, this.stepTimeoutMs)
      // 'exit', not 'close': a background server may keep an inherited pipe open
      child.on('exit', (code) => {
        clearTimeout(timer)
        setTimeout(() => resolve({ ok: code === 0, output, outputs: parseOutputFile(readFileSync(outputFile, 'utf8')) }), 50)
      })
    })
  }

  private kill(group: number, signal: NodeJS.Signals): void {
    try {
      process.kill(-group, signal)
    } catch {
      // already gone
    }
  }

  /** Processes (not zombies) still in a process group this runner started. */
  leftovers(): string[] {
    if (!existsSync('/proc/self/stat')) return []
    const found: string[] = []
    for (const pid of readdirSync('/proc').filter((d) => /^\d+$/.test(d))) {
      let stat: string
      try {
        stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
      } catch {
        continue
      }
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
      if (fields[0] !== 'Z' && this.groups.includes(Number(fields[2]))) found.push(`${pid} ${stat.slice(stat.indexOf('(') + 1, stat.lastIndexOf(')'))}`)
    }
    return found
  }

  /** SIGTERM to every process group started, then SIGKILL to what is left; removes the runner's temp files. */
  async cleanup(): Promise<void> {
    for (const g of this.groups) this.kill(g, 'SIGTERM')
    for (let i = 0; i < 30 && this.leftovers().length > 0; i++) await new Promise((r) => setTimeout(r, 100))
    for (const g of this.groups) this.kill(g, 'SIGKILL')
    await new Promise((r) => setTimeout(r, 100))
    rmSync(this.temp, { recursive: true, force: true })
  }
}
