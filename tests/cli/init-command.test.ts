import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { PassThrough } from 'node:stream'
import { afterAll, describe, expect, it } from 'vitest'
import { configProblems, loadTckConfig, parseJsonc } from '../../checklist/config/tck-config.ts'
import { renderInitConfig, runInitCommand } from '../../cli/init-command.ts'

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
    expect(loadTckConfig({ cwd: dir })?.config).toMatchObject({
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
