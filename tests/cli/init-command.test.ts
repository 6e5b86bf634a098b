import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { afterAll, describe, expect, it } from 'vitest'
import { configProblems, loadTckConfig, parseJsonc, type TckConfigError } from '../../checklist/config/tck-config.ts'
import { writeConfigSchema } from '../../checklist/config/tck-config-schema.ts'
import { type InitAnswers, initConfig, initFormatFor, renderInitConfig } from '../../checklist/config/init-config.ts'
import { runInitCommand } from '../../cli/init-command.ts'

/** `tck init`: a commented config that tck check's own validation accepts, written from flags without asking. */
const dir = mkdtempSync(join(tmpdir(), 'tck-init-'))
afterAll(() => rmSync(dir, { recursive: true, force: true }))

const io = () => {
  const out = { stdout: '', stderr: '' }
  const stream = (key: 'stdout' | 'stderr') =>
    Object.assign(new PassThrough(), {
      write: (s: string) => {
        out[key] += s
        return true
      },
    })
  return { out, io: { stdout: stream('stdout'), stderr: stream('stderr') } as never }
}
const notTty = Object.assign(new PassThrough(), { isTTY: false })
const ANSWERS: InitAnswers = {
  target: 'http://127.0.0.1:8000',
  auth: 'jwks',
  basePath: '/api',
  origin: 'http://localhost:3000',
  cors: true,
  reports: ['junit', 'md'],
}

describe('tck init', () => {
  it('renders JSON with comments that the config validation accepts', () => {
    const text = renderInitConfig({
      target: 'msw',
      auth: 'jwks',
      basePath: '/api',
      origin: 'http://localhost:3000',
      cors: false,
      reports: ['junit'],
      baseline: 'b.json',
    })
    expect(text).toMatch(/^\/\/ tck\.config\.jsonc/)
    expect(text).toContain('// false: same-origin deployment')
    expect(configProblems(parseJsonc(text))).toEqual([])
    expect(parseJsonc(text)).toMatchObject({ target: 'msw', cors: false, baseline: 'b.json', severity: {} })
  })

  it('writes tck.config.jsonc from flags when stdin is not a terminal, and tck check finds it', async () => {
    const file = join(dir, 'tck.config.jsonc')
    const { out, io: streams } = io()
    const code = await runInitCommand(
      ['--file', file, '--target', 'http://127.0.0.1:8000', '--auth', 'better-auth', '--better-auth-url', 'http://127.0.0.1:3000', '--no-cors'],
      streams,
      notTty,
    )
    expect(code).toBe(0)
    expect(out.stdout).toContain('Wrote')
    expect((await loadTckConfig({ cwd: dir }))?.config).toMatchObject({
      target: 'http://127.0.0.1:8000',
      auth: { mode: 'better-auth', betterAuthUrl: 'http://127.0.0.1:3000' },
      cors: false,
    })
    expect(readFileSync(file, 'utf8')).not.toMatch(/secret"/i)
  })

  it('asks for the target and auth mode in a terminal, an empty answer taking the default', async () => {
    const file = join(dir, 'asked.jsonc')
    const tty = Object.assign(new PassThrough(), { isTTY: true })
    const { out, io: streams } = io()
    const done = runInitCommand(['--file', file], streams, tty)
    tty.write('msw\n')
    setTimeout(() => tty.write('\n'), 50)
    expect(await done).toBe(0)
    expect(out.stdout).toContain('Target (reference, msw, prism or the backend URL)')
    expect(parseJsonc(readFileSync(file, 'utf8'))).toMatchObject({ target: 'msw', auth: { mode: 'jwks' } })
  })

  it('refuses to overwrite without --force, and refuses a bad auth mode with the validation sentence', async () => {
    const file = join(dir, 'existing.jsonc')
    writeFileSync(file, '{}')
    const first = io()
    expect(await runInitCommand(['--file', file], first.io, notTty)).toBe(2)
    expect(first.out.stderr).toContain('exists (--force overwrites it)')
    const bad = io()
    expect(await runInitCommand(['--file', join(dir, 'bad.jsonc'), '--auth', 'basic'], bad.io, notTty)).toBe(2)
    expect(bad.out.stderr).toContain('auth.mode: must be one of "jwks", "shared-secret", "better-auth"')
    expect(existsSync(join(dir, 'bad.jsonc'))).toBe(false)
  })
})

describe('tck init where tasks-tck is installed', () => {
  /** A project folder with node_modules/tasks-tck as the package installs it: package.json, dist/'s schema and checklist entry. */
  const project = () => {
    const root = mkdtempSync(join(tmpdir(), 'tck-init-project-'))
    dirs.push(root)
    const pkg = join(root, 'node_modules/tasks-tck')
    mkdirSync(join(pkg, 'dist/checklist'), { recursive: true })
    writeFileSync(
      join(pkg, 'package.json'),
      JSON.stringify({ name: 'tasks-tck', type: 'module', exports: { './checklist': './dist/checklist/index.js', './package.json': './package.json' } }),
    )
    writeConfigSchema(join(pkg, 'dist'))
    writeFileSync(join(pkg, 'dist/checklist/index.js'), 'export const defineConfig = (config) => ({ ...config, defined: true })\n')
    return root
  }
  const dirs: string[] = []
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true })
  })

  it('writes "$schema" pointing at the installed package\'s schema, which validates the file', async () => {
    const root = project()
    const { io: streams } = io()
    expect(await runInitCommand(['--file', join(root, 'tck.config.jsonc'), '--target', 'msw'], streams, notTty)).toBe(0)
    const text = readFileSync(join(root, 'tck.config.jsonc'), 'utf8')
    const config = parseJsonc(text) as Record<string, unknown>
    expect(config.$schema).toBe('./node_modules/tasks-tck/dist/tck.config.schema.json')
    expect(text).toContain('// the JSON schema editors complete and check this file with')
    // The editor's view: the file the path names, a draft 2020-12 schema, accepts what init wrote.
    const schema = JSON.parse(readFileSync(join(root, config.$schema as string), 'utf8'))
    expect(new Ajv2020({ strict: false }).validate(schema, config)).toBe(true)
    expect((await loadTckConfig({ cwd: root }))?.config).toMatchObject({ target: 'msw' })
  })

  it('omits "$schema" where tasks-tck is not installed (npx -p tasks-tck)', () => {
    expect(initFormatFor(join(dir, 'tck.config.jsonc'), 'jsonc')).toEqual({ format: 'jsonc' })
    expect(renderInitConfig(ANSWERS, { format: 'jsonc' })).not.toContain('$schema')
  })

  it('--format ts writes tck.config.ts with defineConfig from tasks-tck/checklist, and tck check loads it', async () => {
    const root = project()
    const { out, io: streams } = io()
    const code = await runInitCommand(['--format', 'ts', '--file', join(root, 'tck.config.ts'), '--target', 'http://127.0.0.1:8001'], streams, notTty)
    expect(code).toBe(0)
    expect(out.stdout).toContain('Wrote')
    const text = readFileSync(join(root, 'tck.config.ts'), 'utf8')
    expect(text).toContain("import { defineConfig } from 'tasks-tck/checklist'")
    expect(text).toContain('// false: same-origin deployment')
    // Loaded as tck check loads it: the installed package's defineConfig ran (it marks the object here).
    const loaded = (await loadTckConfig({ cwd: root, path: 'tck.config.ts' }).catch((e: unknown) => e)) as TckConfigError
    expect(loaded.problems).toEqual(['tck.config.ts: (top level): unknown key "defined"'])
  })

  it('--format ts without the package installed: a plain default export that loads', async () => {
    const root = mkdtempSync(join(tmpdir(), 'tck-init-bare-'))
    dirs.push(root)
    const { io: streams } = io()
    expect(await runInitCommand(['--format', 'ts', '--file', join(root, 'tck.config.ts'), '--target', 'msw', '--no-cors'], streams, notTty)).toBe(0)
    const text = readFileSync(join(root, 'tck.config.ts'), 'utf8')
    expect(text).not.toMatch(/^import/m)
    expect((await loadTckConfig({ cwd: root }))?.config).toEqual(initConfig({ ...ANSWERS, target: 'msw', cors: false }))
  })

  it('refuses to add a second config file to a folder (tck check would refuse both), and a bad --format', async () => {
    const root = mkdtempSync(join(tmpdir(), 'tck-init-two-'))
    dirs.push(root)
    writeFileSync(join(root, 'tck.config.json'), '{}')
    const two = io()
    expect(await runInitCommand(['--format', 'ts', '--file', join(root, 'tck.config.ts')], two.io, notTty)).toBe(2)
    expect(two.out.stderr).toContain('tck.config.json already there: tck check would refuse two config files')
    expect(existsSync(join(root, 'tck.config.ts'))).toBe(false)
    const bad = io()
    expect(await runInitCommand(['--format', 'yaml'], bad.io, notTty)).toBe(2)
    expect(bad.out.stderr).toContain('--format takes jsonc or ts (got "yaml")')
  })

  it("takes the format from --file's extension and refuses one tck check would read otherwise", async () => {
    const root = mkdtempSync(join(tmpdir(), 'tck-init-ext-'))
    dirs.push(root)
    const { io: streams } = io()
    // tck.config.ts without --format: TypeScript, which tck check loads.
    expect(await runInitCommand(['--file', join(root, 'tck.config.ts'), '--target', 'msw'], streams, notTty)).toBe(0)
    expect(readFileSync(join(root, 'tck.config.ts'), 'utf8')).toMatch(/^export default \{$/m)
    expect((await loadTckConfig({ cwd: root }))?.config).toMatchObject({ target: 'msw' })
    const refused = async (args: string[], sentence: string) => {
      const { out, io: s } = io()
      expect(await runInitCommand(args, s, notTty)).toBe(2)
      expect(out.stderr).toContain(sentence)
    }
    await refused(['--format', 'jsonc', '--file', join(root, 'other.ts')], 'does not match')
    await refused(['--format', 'ts', '--file', join(root, 'other.jsonc')], 'tck check reads it as JSON (drop --format, or name the file .ts)')
    await refused(['--file', join(root, 'other.mjs')], 'tck init writes TypeScript (.ts, .mts) or JSON with comments')
    expect(existsSync(join(root, 'other.ts')) || existsSync(join(root, 'other.jsonc')) || existsSync(join(root, 'other.mjs'))).toBe(false)
    // Any other name is read as JSON with comments (tck check --config ci/settings).
    expect(await runInitCommand(['--file', join(root, 'settings')], streams, notTty)).toBe(0)
    expect(parseJsonc(readFileSync(join(root, 'settings'), 'utf8'))).toMatchObject({ target: 'http://127.0.0.1:8000' })
  })

  it('says tck check in this folder runs with the file only where it would find it, --config otherwise', async () => {
    const root = mkdtempSync(join(tmpdir(), 'tck-init-where-'))
    dirs.push(root)
    mkdirSync(join(root, 'ci'))
    const wrote = async (file: string) => {
      const { out, io: s } = io()
      expect(await runInitCommand(['--file', file], s, notTty, root)).toBe(0)
      return out.stdout
    }
    expect(await wrote('tck.config.jsonc')).toBe('Wrote tck.config.jsonc: `tck check` in this folder now runs with it\n')
    expect(await wrote('ci/tck.config.jsonc')).toBe('Wrote ci/tck.config.jsonc: `tck check --config ci/tck.config.jsonc` runs with it\n')
    expect(await wrote('ci.jsonc')).toBe('Wrote ci.jsonc: `tck check --config ci.jsonc` runs with it\n')
    // Written where `cwd` says, and found there as tck check finds it.
    expect((await loadTckConfig({ cwd: root }))?.path).toBe(join(root, 'tck.config.jsonc'))
  })
})
