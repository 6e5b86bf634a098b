import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { applyConfigFile, givenFlags, mergeConfig } from '../../checklist/config/config-flags.ts'
import { configProblems, loadTckConfig, parseJsonc, type TckConfigError } from '../../checklist/config/tck-config.ts'

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

  it('finds tck.config.json in the working directory and names the file in each problem', () => {
    expect(loadTckConfig({ cwd: dirWith('tck.config.jsonc', '{ "target": "msw" // ok\n}') })?.config).toEqual({ target: 'msw' })
    const bad = dirWith('tck.config.json', '{ "target": 1, "origin": "x" }')
    const error = (() => {
      try {
        loadTckConfig({ cwd: bad })
      } catch (e) {
        return e as TckConfigError
      }
      return undefined
    })()
    expect(error?.problems).toEqual(['tck.config.json: target: must be string', 'tck.config.json: origin: must be an http(s) URL'])
    expect(() => loadTckConfig({ cwd: bad, path: 'missing.json' })).toThrow(/missing\.json: no such file/)
    expect(loadTckConfig({ cwd: mkdtempSync(join(tmpdir(), 'tck-config-none-')) })).toBeUndefined()
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

  it('loads --config PATH and hands the severity overrides on', () => {
    const dir = dirWith('ci.jsonc', '{ "target": "msw", "severity": { "AUTH-022": "fail" } }')
    const { values, severity } = applyConfigFile(['--config', 'ci.jsonc'], OPTIONS, { config: 'ci.jsonc' } as { config?: string; target?: string }, dir)
    expect(values.target).toBe('msw')
    expect(severity).toEqual({ 'AUTH-022': 'fail' })
    // Paths in the file are relative to the file, not to the working directory.
    const nested = dirWith('x.json', '')
    writeFileSync(join(nested, 'x.json'), '{ "baseline": "b.json", "reportDir": "out" }')
    const from = applyConfigFile(['--config', join(nested, 'x.json')], OPTIONS, { config: join(nested, 'x.json') } as Record<string, string>, dir).values
    expect(from).toMatchObject({ baseline: join(relative(dir, nested), 'b.json'), 'report-dir': join(relative(dir, nested), 'out') })
  })
})
