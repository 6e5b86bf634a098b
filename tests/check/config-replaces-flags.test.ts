import { spawnSync, type ChildProcess } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { afterAll, describe, expect, it } from 'vitest'
import { applyConfigFile } from '../../checklist/config/config-flags.ts'
import { parseJsonc, type TckConfig } from '../../checklist/config/tck-config.ts'
import { CHECK_OPTIONS } from '../../cli/check-command.ts'
import { runInitCommand } from '../../cli/init-command.ts'
import { PYTHON, startFastApiExample } from '../support/fastapi-example.ts'
import { spawnTck, type TckProcess } from '../support/spawn-tck.ts'
import { testEnv } from '../support/test-env.ts'

/**
 * "The config file replaces every flag of the README's FastAPI example": the `tck check` command
 * lines of README.md's FastAPI blocks (the backend team's CI and the worked example) and the
 * tck.config.jsonc the README shows beside them are both read from README.md, so the two cannot
 * drift: the file with no flag gives the same options as the flags, and, against the running
 * example backend, the same item outcomes.
 */
const README = readFileSync(fileURLToPath(new URL('../../README.md', import.meta.url)), 'utf8')

/** The README's text from `start` to the first `end` after it. */
function section(start: string, end: RegExp): string {
  const from = README.indexOf(start)
  if (from < 0) throw new Error(`README.md has no "${start}"`)
  const rest = README.slice(from + start.length)
  const to = rest.search(end)
  return rest.slice(0, to < 0 ? undefined : to)
}

const SECTIONS = {
  'backend team': section("**A backend team (a FastAPI repository's CI).**", /^\*\*QA on staging\.\*\*/m),
  'worked example': section('### Worked example: a FastAPI backend', /^#{2,3} /m),
}

/** Fenced blocks of `lang` in `text`. */
const blocks = (text: string, lang: string) => [...text.matchAll(/^```(\w+)\n([\s\S]*?)^```/gm)].filter((m) => m[1] === lang).map((m) => m[2]!)

/** A shell line's words (double and single quotes, no expansion: `"$X"` stays `$X`). */
const words = (line: string) => [...line.matchAll(/"([^"]*)"|'([^']*)'|(\S+)/g)].map((m) => m[1] ?? m[2] ?? m[3]!)

interface Command {
  line: string
  env: Record<string, string>
  args: string[]
}

/** Every `npx tck check …` line of the section's sh blocks (continuations joined, comments dropped). */
function commands(text: string): Command[] {
  return blocks(text, 'sh')
    .flatMap((block) => block.replace(/\\\n\s*/g, ' ').split('\n'))
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter((line) => /(^|\s)npx tck check\b/.test(line))
    .map((line) => {
      const [before, after] = line.split('npx tck check') as [string, string]
      const env = Object.fromEntries(words(before).map((w) => [w.slice(0, w.indexOf('=')), w.slice(w.indexOf('=') + 1)]))
      return { line, env, args: words(after) }
    })
}

/**
 * The configs the section shows: each jsonc block that is a whole file, and each whole file with one
 * line of a block of `"key": value` lines in place of its key (the other modes' `"auth"`).
 */
function configs(text: string): { text: string; config: TckConfig }[] {
  const whole: { text: string; config: TckConfig }[] = []
  const variants: TckConfig[] = []
  for (const block of blocks(text, 'jsonc')) {
    if (/^\s*(\/\/.*\n\s*)*\{/.test(block)) whole.push({ text: block, config: parseJsonc(block) as TckConfig })
    else for (const line of block.split('\n').filter((l) => l.trim())) variants.push(parseJsonc(`{${line}}`) as TckConfig)
  }
  return [...whole, ...whole.flatMap((w) => variants.map((v) => ({ text: JSON.stringify({ ...w.config, ...v }, null, 2), config: { ...w.config, ...v } })))]
}

const notTty = Object.assign(new PassThrough(), { isTTY: false })
const dirs: string[] = []
const tempDir = () => {
  const dir = mkdtempSync(join(tmpdir(), 'tck-readme-config-'))
  dirs.push(dir)
  return dir
}

/**
 * What `tck check` runs with, through its own parse path: the option table, the config file found
 * in `cwd` (flags win), then the secret from `TCK_SECRET` when no `--secret` (as runCheckCommand does).
 */
async function checkOptions(argv: string[], env: Record<string, string>, cwd: string) {
  const parsed = parseArgs({ args: argv, options: CHECK_OPTIONS, strict: true })
  const { values, severity } = await applyConfigFile(argv, CHECK_OPTIONS, parsed.values, cwd)
  return { values: { ...values, ...(values.secret === undefined && env.TCK_SECRET && { secret: env.TCK_SECRET }) }, severity }
}

/** The config of `text` for `command`: the one whose auth mode is the command's. */
function configFor(text: string, command: Command) {
  const mode = parseArgs({ args: command.args, options: CHECK_OPTIONS, strict: true }).values.auth
  const matching = configs(text).filter((c) => (c.config.auth?.mode ?? 'jwks') === mode)
  expect(matching, `one config in the README for ${command.line}`).toHaveLength(1)
  return matching[0]!
}

/** The environment the README gives the config run: `TCK_SECRET=… npx tck check` where the command had `--secret …`. */
function configEnv(text: string, command: Command): Record<string, string> {
  const secret = parseArgs({ args: command.args, options: CHECK_OPTIONS, strict: true }).values.secret
  if (secret === undefined) return {}
  const shown = /`TCK_SECRET=(\S+) npx tck check`/.exec(text)
  expect(shown, 'the README says how the secret reaches the config run (TCK_SECRET=… npx tck check)').not.toBeNull()
  return { TCK_SECRET: words(shown![1]!)[0]! }
}

afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

describe("the README's FastAPI example: the config file replaces every flag", () => {
  it('finds the commands and the configs in README.md', () => {
    expect(commands(SECTIONS['backend team']).filter((c) => c.args.length > 0)).toHaveLength(1)
    expect(commands(SECTIONS['worked example']).filter((c) => c.args.length > 0)).toHaveLength(3)
    expect(configs(SECTIONS['backend team'])).toHaveLength(1)
    expect(configs(SECTIONS['worked example'])).toHaveLength(3)
  })

  for (const [name, text] of Object.entries(SECTIONS)) {
    for (const command of commands(text).filter((c) => c.args.length > 0)) {
      it(`${name}: \`tck check\` with only the README's tck.config.jsonc = ${command.line}`, async () => {
        const { text: file } = configFor(text, command)
        const dir = tempDir()
        writeFileSync(join(dir, 'tck.config.jsonc'), file)
        const fromFlags = await checkOptions(command.args, command.env, tempDir())
        const fromFile = await checkOptions([], configEnv(text, command), dir)
        expect(fromFile).toEqual(fromFlags)
        // Not vacuous: the flags are not the defaults.
        expect(fromFlags.values).not.toEqual((await checkOptions([], {}, tempDir())).values)
      })
    }
  }

  it("backend team: the file the README's `npx tck init …` writes gives the same options too", async () => {
    const text = SECTIONS['backend team']
    const init = /`npx tck init ([^`]+)`/.exec(text)
    expect(init, 'the README shows the tck init command').not.toBeNull()
    const dir = tempDir()
    const out = new PassThrough()
    expect(await runInitCommand([...words(init![1]!), '--file', join(dir, 'tck.config.jsonc')], { stdout: out, stderr: out }, notTty)).toBe(0)
    const [command] = commands(text).filter((c) => c.args.length > 0)
    expect(await checkOptions([], {}, dir)).toEqual(await checkOptions(command!.args, command!.env, tempDir()))
  })
})

const hasFastApi = spawnSync(PYTHON, ['-c', 'import fastapi, uvicorn, jwt, cryptography']).status === 0
const MISSING = 'FastAPI is not installed for /usr/bin/python3: run sh examples/fastapi-backend/install.sh'
if (!hasFastApi && testEnv.ci) throw new Error(MISSING)

/**
 * Every item but JWKS-* (they count the backend's JWKS fetches at the issuer both runs share) and
 * DOS-* (timing-sensitive on a shared machine). The two runs go one after the other against one
 * backend, so neither sees the other's requests (a full run is ~34 s; this, ~12 s alone).
 */
const FILTER = 'SPEC-|AUTH-|BOLA-|INPUT-|DATA-|CONF-|CORS-'

const processes: (ChildProcess | TckProcess)[] = []
afterAll(async () => {
  for (const p of processes) 'stop' in p ? await p.stop('SIGKILL') : p.kill('SIGKILL')
})

/** Starts the FastAPI example with `env`; resolves with its URL. */
const startFastApi = (env: Record<string, string>) => startFastApiExample(env, (child) => processes.push(child))

/** `tck check …` in `cwd`; its exit code and each item's outcome as printed. */
async function check(args: string[], env: Record<string, string>, cwd: string) {
  const p = spawnTck(['check', ...args, '-t', FILTER], env, cwd)
  processes.push(p)
  const code = await p.exited
  const output = p.output()
  const outcomes = Object.fromEntries([...output.matchAll(/^ {2}(PASS|FAIL|WARN|INFO|SKIP) {2}([A-Z]+-\d{3}) /gm)].map((m) => [m[2], m[1]]))
  return { code, output, outcomes }
}

/** The README's example URLs (`http://127.0.0.1:8001`, the issuer on 3000) → this run's; its `$BETTER_AUTH_SECRET` → the secret. */
const localize = (text: string, urls: Record<string, string>) => Object.entries(urls).reduce((t, [from, to]) => t.replaceAll(from, to), text)

describe.skipIf(!hasFastApi)(
  `the FastAPI example checked with the README's flags, then with only its config${hasFastApi ? '' : ` (skipped: ${MISSING})`}`,
  () => {
    const text = SECTIONS['worked example']
    const [jwks, sharedSecret] = commands(text).filter((c) => c.args.length > 0)

    // Each test has its own backend (and issuer): the two go side by side, each test's two runs one after the other.
    it.concurrent('jwks (step 3): the same item outcomes and exit code', async () => {
      const stateDir = tempDir()
      const issuer = spawnTck(['issuer', '--port', '0', '--state-dir', stateDir])
      processes.push(issuer)
      const [, issuerUrl] = await issuer.waitFor(/^JWT_ISSUER=(\S+)$/m)
      const api = await startFastApi({ JWKS_URL: `${issuerUrl}/api/auth/jwks`, JWT_ISSUER: issuerUrl!, JWT_AUDIENCE: issuerUrl! })
      const urls = { 'http://127.0.0.1:8001': api, 'http://127.0.0.1:3000': issuerUrl! }
      const dir = tempDir()
      writeFileSync(join(dir, 'tck.config.jsonc'), localize(configFor(text, jwks!).text, urls))
      const flags = await check(
        jwks!.args.map((a) => localize(a, urls)),
        {},
        tempDir(),
      )
      const file = await check([], {}, dir)
      expect(Object.keys(flags.outcomes).length, flags.output).toBeGreaterThan(10)
      expect(file.outcomes, file.output).toEqual(flags.outcomes)
      expect(file.code).toBe(flags.code)
      expect(file.output).toContain(`Checking ${api} `)
    }, 120_000)

    it.concurrent('shared-secret: the secret from TCK_SECRET, the rest from the file', async () => {
      const secret = 'tck-shared-secret-for-the-readme-config-test'
      const api = await startFastApi({ BETTER_AUTH_SECRET: secret })
      const urls = { 'http://127.0.0.1:8001': api, $BETTER_AUTH_SECRET: secret }
      const dir = tempDir()
      writeFileSync(join(dir, 'tck.config.jsonc'), localize(configFor(text, sharedSecret!).text, urls))
      const env = Object.fromEntries(Object.entries(configEnv(text, sharedSecret!)).map(([k, v]) => [k, localize(v, urls)]))
      expect(env).toEqual({ TCK_SECRET: secret })
      const flags = await check(
        sharedSecret!.args.map((a) => localize(a, urls)),
        {},
        tempDir(),
      )
      const file = await check([], env, dir)
      expect(Object.keys(flags.outcomes).length, flags.output).toBeGreaterThan(10)
      expect(flags.outcomes['AUTH-007'], flags.output).toBe('SKIP')
      expect(file.outcomes, file.output).toEqual(flags.outcomes)
      expect(file.code).toBe(flags.code)
      expect(`${flags.output}${file.output}`).not.toContain(secret)
    }, 120_000)
  },
)
