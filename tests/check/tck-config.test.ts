import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { afterAll, describe, expect, it } from 'vitest'
import { applyConfigFile, givenFlags, mergeConfig } from '../../checklist/config/config-flags.ts'
import { CONFIG_FILE_NAMES, configProblems, loadTckConfig, parseJsonc, type TckConfigError } from '../../checklist/config/tck-config.ts'
import { TCK_CONFIG_SCHEMA, writeConfigSchema } from '../../checklist/config/tck-config-schema.ts'
import { markSecret } from '../../checklist/support/exchange.ts'
import { spawnTck } from '../support/spawn-tck.ts'

/** tck.config.json: every problem at once, no secrets, flags win over the file. */
const dirs: string[] = []
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})
const dirWith = (name: string, text: string) => {
  const dir = mkdtempSync(join(tmpdir(), 'tck-config-'))
  dirs.push(dir)
  writeFileSync(join(dir, name), text)
  return dir
}

/** A slice of `tck check`'s option table, with its defaults. */
const OPTIONS = {
  target: { type: 'string' },
  auth: { type: 'string', default: 'jwks' },
  'issuer-url': { type: 'string' },
  'base-path': { type: 'string', default: '/api' },
  origin: { type: 'string', default: 'http://localhost:3000' },
  'no-cors': { type: 'boolean', default: false },
  claim: { type: 'string', multiple: true },
  filter: { type: 'string', short: 't' },
  config: { type: 'string' },
  help: { type: 'boolean', short: 'h', default: false },
} as const

describe('config file validation', () => {
  it('reports every problem at once, secrets with their own sentence', () => {
    const problems = configProblems({
      target: 'msw',
      auth: { mode: 'jwt', secret: 'x', betterAuthUrl: 'ftp://x' },
      users: ['a'],
      severity: { 'AUTH-022': 'fatal', 'NOPE-999': 'fail' },
      colour: 'red',
    })
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^auth\.secret: secrets never go in the config file; set TCK_SECRET/),
        'auth.mode: must be one of "jwks", "shared-secret", "better-auth"',
        'auth.betterAuthUrl: must be an http(s) URL',
        expect.stringMatching(/^users: /),
        'severity.AUTH-022: must be one of "fail", "warn", "info"',
        'severity.NOPE-999: no checklist item has this id (see tck check --list)',
        '(top level): unknown key "colour"',
      ]),
    )
    expect(problems).toHaveLength(7)
  })

  it('refuses a secret at the top level too, and accepts a full valid file', () => {
    expect(configProblems({ secret: 'x' })).toEqual([expect.stringMatching(/^secret: secrets never go/)])
    // One sentence per kind of key: where that value comes from instead.
    expect(configProblems({ secret: 'x', databaseUrl: 'postgres://u:p@h/db', token: 't', auth: { betterAuthPassword: 'p' } })).toEqual([
      'secret: secrets never go in the config file; set TCK_SECRET in the environment of the run',
      'databaseUrl: secrets never go in the config file; a database URL carries its password: pass --database-url on the command line (reference target)',
      'token: secrets never go in the config file; tck check makes its users and their tokens itself (auth.mode); a shared secret is TCK_SECRET in the environment',
      'auth.betterAuthPassword: secrets never go in the config file; tck check makes its users and their tokens itself (auth.mode); a shared secret is TCK_SECRET in the environment',
    ])
    const valid = {
      target: 'http://127.0.0.1:8000',
      auth: { mode: 'jwks', issuerUrl: 'http://127.0.0.1:4455', claim: { email: 'a@b.c' } },
      basePath: '/v1',
      users: ['u1', 'u2'],
      origin: 'https://app.example.com',
      cors: false,
      toggleBody: { completed: true },
      reports: ['junit', 'sarif'],
      reportDir: 'reports/tck',
      severity: { 'AUTH-022': 'fail' },
      baseline: 'tck-baseline.json',
    }
    expect(configProblems(valid)).toEqual([])
  })

  it('reads JSON with comments and trailing commas, keeping // inside strings', () => {
    expect(parseJsonc('// top\n{ "a": "http://x", /* b */ "b": [1, 2,], }\n')).toEqual({ a: 'http://x', b: [1, 2] })
    expect(parseJsonc('{ "a": ",}", "b": "/* not a comment */", // c\n}')).toEqual({ a: ',}', b: '/* not a comment */' })
    expect(() => parseJsonc('[1,,2]')).toThrow()
  })

  it('says where a file stops being JSON (line, column), never quoting it, masked', async () => {
    const token = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiJ1c2VyLWEifQ.c2lnbmF0dXJl'
    const dir = dirWith('token.txt', `${token}\n`)
    const notJson = async (path: string) => ((await loadTckConfig({ cwd: dir, path }).catch((e: unknown) => e)) as TckConfigError).problems
    expect(await notJson('token.txt')).toEqual(['token.txt: not JSON (line 1, column 1)'])
    // Comments count as the file has them: the line and column an editor shows.
    writeFileSync(join(dir, 'tck.config.jsonc'), `// settings\n/* a\n b */ {\n  "target": "msw",\n  "origin": ${token}\n}\n`)
    expect(await notJson('tck.config.jsonc')).toEqual(['tck.config.jsonc: not JSON (line 5, column 13)'])
    // What the process knows to be secret is masked, here in the file's own name.
    const secret = 'c2-marked-secret-value'
    markSecret(secret, '$TCK_SECRET')
    writeFileSync(join(dir, `${secret}.json`), '{ "target": }')
    expect(await notJson(`${secret}.json`)).toEqual(['$TCK_SECRET.json: not JSON (line 1, column 13)'])
  })

  it('finds tck.config.json in the working directory and names the file in each problem', async () => {
    expect((await loadTckConfig({ cwd: dirWith('tck.config.jsonc', '{ "target": "msw" // ok\n}') }))?.config).toEqual({ target: 'msw' })
    const bad = dirWith('tck.config.json', '{ "target": 1, "origin": "x" }')
    const error = (await loadTckConfig({ cwd: bad }).catch((e: unknown) => e)) as TckConfigError
    expect(error.problems).toEqual(['tck.config.json: target: must be string', 'tck.config.json: origin: must be an http(s) URL'])
    await expect(loadTckConfig({ cwd: bad, path: 'missing.json' })).rejects.toThrow(/missing\.json: no such file/)
    expect(await loadTckConfig({ cwd: mkdtempSync(join(tmpdir(), 'tck-config-none-')) })).toBeUndefined()
  })
})

describe('flags win over the file', () => {
  const config = {
    target: 'http://127.0.0.1:8000',
    auth: { mode: 'jwks' as const, issuerUrl: 'http://127.0.0.1:4455', claim: { email: 'a@b.c' } },
    basePath: '/v1',
    cors: false,
    origin: 'https://app.example.com',
  }

  it('fills every option the command line did not give, defaults included', () => {
    const argv = ['--target', 'msw', '-t', 'AUTH']
    const values = { target: 'msw', auth: 'jwks', 'base-path': '/api', origin: 'http://localhost:3000', 'no-cors': false, filter: 'AUTH' }
    expect(givenFlags(argv, OPTIONS)).toEqual(new Set(['target', 'filter']))
    expect(mergeConfig(values, config, givenFlags(argv, OPTIONS))).toEqual({
      target: 'msw',
      auth: 'jwks',
      'issuer-url': 'http://127.0.0.1:4455',
      claim: ['email=a@b.c'],
      'base-path': '/v1',
      origin: 'https://app.example.com',
      'no-cors': true,
      filter: 'AUTH',
    })
  })

  it('keeps a flag equal to its default over the file (--base-path /api)', () => {
    const argv = ['--base-path', '/api', '--no-cors']
    const merged = mergeConfig({ 'base-path': '/api', 'no-cors': true }, { ...config, cors: true }, givenFlags(argv, OPTIONS))
    expect(merged).toMatchObject({ 'base-path': '/api', 'no-cors': true, target: 'http://127.0.0.1:8000' })
  })

  it('loads --config PATH and hands the severity overrides on', async () => {
    const dir = dirWith('ci.jsonc', '{ "target": "msw", "severity": { "AUTH-022": "fail" } }')
    const { values, severity } = await applyConfigFile(['--config', 'ci.jsonc'], OPTIONS, { config: 'ci.jsonc' } as { config?: string; target?: string }, dir)
    expect(values.target).toBe('msw')
    expect(severity).toEqual({ 'AUTH-022': 'fail' })
    // Paths in the file are relative to the file, not to the working directory.
    const nested = dirWith('x.json', '')
    writeFileSync(join(nested, 'x.json'), '{ "baseline": "b.json", "reportDir": "out" }')
    const { values: from } = await applyConfigFile(
      ['--config', join(nested, 'x.json')],
      OPTIONS,
      { config: join(nested, 'x.json') } as Record<string, string>,
      dir,
    )
    expect(from).toMatchObject({ baseline: join(relative(dir, nested), 'b.json'), 'report-dir': join(relative(dir, nested), 'out') })
  })
})

describe('tck.config.ts and other module configs', () => {
  const target = 'http://127.0.0.1:8001'

  it('loads a TypeScript config through Vite (types, imports of its own) and validates it like JSON', async () => {
    const dir = dirWith(
      'tck.config.ts',
      `import type { TckConfig } from '${fileURLToPath(new URL('../../checklist/index.ts', import.meta.url))}'
import { issuer } from './issuer.ts'
const port: number = 8001
export default {
  target: \`http://127.0.0.1:\${port}\`,
  auth: { mode: 'jwks', issuerUrl: issuer },
  origin: process.env.TCK_NO_SUCH_VARIABLE, // undefined: not set, as if absent
} satisfies TckConfig
`,
    )
    writeFileSync(join(dir, 'issuer.ts'), "export const issuer: string = 'http://127.0.0.1:3000'\n")
    const loaded = await loadTckConfig({ cwd: dir })
    expect(loaded?.path).toBe(join(dir, 'tck.config.ts'))
    expect(loaded?.config).toStrictEqual({ target, auth: { mode: 'jwks', issuerUrl: 'http://127.0.0.1:3000' } })
  })

  it('reports every problem of a TS config at once, secrets included, with the file name', async () => {
    const dir = dirWith('tck.config.mts', "export default { target: 1, auth: { mode: 'jwt', secret: process.env.HOME }, colour: 'red' }\n")
    const error = (await loadTckConfig({ cwd: dir }).catch((e: unknown) => e)) as TckConfigError
    expect(error).toBeInstanceOf(Error)
    expect(error.problems).toEqual([
      expect.stringMatching(/^tck\.config\.mts: auth\.secret: secrets never go in the config file/),
      'tck.config.mts: (top level): unknown key "colour"',
      'tck.config.mts: target: must be string',
      'tck.config.mts: auth.mode: must be one of "jwks", "shared-secret", "better-auth"',
    ])
  })

  it('loads .mjs and .js configs natively, and re-reads an edited file', async () => {
    const dir = dirWith('tck.config.mjs', `export default { target: '${target}' }\n`)
    expect((await loadTckConfig({ cwd: dir }))?.config).toEqual({ target })
    writeFileSync(join(dir, 'tck.config.mjs'), "export default { target: 'msw' }\n")
    expect((await loadTckConfig({ cwd: dir }))?.config).toEqual({ target: 'msw' })
    const js = dirWith('tck.config.js', "export default { target: 'prism', cors: false }\n")
    expect((await loadTckConfig({ cwd: js }))?.config).toEqual({ target: 'prism', cors: false })
  })

  it('says what is wrong with a module that does not load or exports no config object', async () => {
    const problem = async (name: string, text: string) =>
      ((await loadTckConfig({ cwd: dirWith(name, text) }).catch((e: unknown) => e)) as TckConfigError).problems
    expect(await problem('tck.config.ts', 'export default { target: \n')).toEqual([expect.stringMatching(/^tck\.config\.ts: could not be loaded: .*\S/s)])
    expect((await problem('tck.config.ts', 'export default { target: \n'))[0]).not.toContain('\u001b[')
    // Where, not the file's text (Vite's code frame would quote it).
    const [syntax] = await problem('tck.config.ts', "export default { target: 'eyJhbGciOiJIUzI1NiJ9' \n  origin: 1 }\n")
    expect(syntax).toMatch(/^tck\.config\.ts: could not be loaded: \(line 2, column 3\) \S/)
    expect(syntax).not.toMatch(/eyJ|origin|│/)
    expect(await problem('tck.config.ts', "export const config = { target: 'msw' }\n")).toEqual([
      'tck.config.ts: no default export (export default defineConfig({ … }))',
    ])
    expect(await problem('tck.config.mjs', 'export default () => ({})\n')).toEqual([
      'tck.config.mjs: the default export must be the config object (got function)',
    ])
    expect(await problem('tck.config.js', "throw new Error('no config today')\n")).toEqual([
      expect.stringMatching(/^tck\.config\.js: could not be loaded: no config today/),
    ])
  })

  it('looks for tck.config.ts, .mts, .mjs, .js, .json, .jsonc, and refuses two of them naming both', async () => {
    expect(CONFIG_FILE_NAMES).toEqual(['tck.config.ts', 'tck.config.mts', 'tck.config.mjs', 'tck.config.js', 'tck.config.json', 'tck.config.jsonc'])
    const dir = dirWith('tck.config.json', '{ "target": "msw" }')
    writeFileSync(join(dir, 'tck.config.ts'), "export default { target: 'prism' }\n")
    await expect(loadTckConfig({ cwd: dir })).rejects.toThrow(/tck\.config\.ts and tck\.config\.json are both in .*: keep one \(or choose with --config PATH\)/)
    // --config chooses.
    expect((await loadTckConfig({ cwd: dir, path: 'tck.config.ts' }))?.config).toEqual({ target: 'prism' })
  })

  it('tck check finds tck.config.ts in its working directory (exit 2 with the problems before anything runs)', async () => {
    const dir = dirWith('tck.config.ts', "export default { target: 'msw', colour: 'red' } as const\n")
    const bad = spawnTck(['check', '--list'], {}, dir)
    expect(await bad.exited).toBe(2)
    expect(bad.output()).toContain('tck check: invalid config:\n  - tck.config.ts: (top level): unknown key "colour"')
    writeFileSync(join(dir, 'tck.config.ts'), "export default { target: 'msw' } as const\n")
    const good = spawnTck(['check', '--list'], {}, dir)
    expect(await good.exited, good.output()).toBe(0)
  })

  it('exports defineConfig (identity, typed) from tasks-tck/checklist', async () => {
    const { defineConfig } = await import('../../checklist/index.ts')
    const config = { target, auth: { mode: 'jwks' as const } }
    expect(defineConfig(config)).toBe(config)
    // @ts-expect-error an unknown key is a type error in the editor
    defineConfig({ colour: 'red' })
  })
})

describe('the JSON schema editors read', () => {
  it('is written by the build as tck.config.schema.json, equal to the schema the code validates with', () => {
    const dir = dirWith('placeholder', '')
    const path = writeConfigSchema(dir)
    expect(path).toBe(join(dir, 'tck.config.schema.json'))
    expect(readFileSync(path, 'utf8')).toMatch(/^\{\n {2}"\$schema": "https:\/\/json-schema\.org\/draft\/2020-12\/schema"/)
    expect(JSON.parse(readFileSync(path, 'utf8'))).toEqual(TCK_CONFIG_SCHEMA)
    // A draft 2020-12 validator reading the file (as an editor does) accepts a valid config and flags a typo.
    const validate = new Ajv2020({ strict: false }).compile(JSON.parse(readFileSync(path, 'utf8')))
    expect(validate({ $schema: './x.json', target: 'msw', auth: { mode: 'jwks' } })).toBe(true)
    expect(validate({ target: 'msw', auth: { mode: 'jwt' } })).toBe(false)
  })
})
