import { execFile } from 'node:child_process'
import { promisify } from 'node:util'
import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { MOCK_USAGE, runMockCommand } from '../../cli/mock-command.ts'
import { SERVE_USAGE } from '../../cli/serve-command.ts'

function capture() {
  const stdout = new PassThrough()
  const stderr = new PassThrough()
  let out = ''
  let err = ''
  stdout.on('data', (chunk) => {
    out += chunk
  })
  stderr.on('data', (chunk) => {
    err += chunk
  })
  return { io: { stdout, stderr }, out: () => out, err: () => err }
}

describe('tck mock', () => {
  it('--help prints the usage and exits 0', async () => {
    const c = capture()
    expect(await runMockCommand(['--help'], {}, c.io)).toBe(0)
    expect(c.out()).toBe(MOCK_USAGE)
  })

  it('shares its configuration with tck serve: serve --help lists every variable mock --help lists', () => {
    // The variable lines of the help: two spaces, then NAME or NAME, NAME, … (continuation lines are indented further).
    const names = [...MOCK_USAGE.matchAll(/^ {2}([A-Z][A-Z_]*(?:, [A-Z][A-Z_]*)*)\b/gm)].flatMap((m) => m[1]!.split(', '))
    expect(names).toEqual(expect.arrayContaining(['MAX_TASKS_PER_USER', 'REQUEST_TIMEOUT_MS', 'HEADERS_TIMEOUT_MS', 'KEEP_ALIVE_TIMEOUT_MS', 'ALLOWED_HOSTS']))
    expect(names.filter((name) => !new RegExp(`\\b${name}\\b`).test(SERVE_USAGE))).toEqual([])
  })

  it.each([
    [['--engine', 'prism'], {}, /--engine prism/],
    [['--seed', 'many'], {}, /--seed/],
    [['--nope'], {}, /nope/],
    [[], { CORS_ORIGINS: '*' }, /CORS_ORIGINS/],
    [[], { JWKS_URL: 'ftp://x' }, /JWKS_URL/],
  ])('%j with env %j exits 2 with a message', async (argv, env, message) => {
    const c = capture()
    expect(await runMockCommand(argv, env, c.io)).toBe(2)
    expect(c.err()).toMatch(message)
  })

  it('serves until stopped, printing the URL, the issuer and a TOKEN line that fetches a working token, never a token itself', async () => {
    const c = capture()
    const stop = new AbortController()
    expect(
      await runMockCommand(
        ['--port', '0', '--seed', '5', '--engine', 'msw'],
        { DATABASE_URL: 'ignored', TCK_FAULT: 'ignored' },
        { ...c.io, signal: stop.signal },
      ),
    ).toBeUndefined()
    try {
      const url = /listening on (http:\/\/\S+)/.exec(c.out())![1]!
      expect(c.out()).toContain(`Issuer   ${url}`)
      expect(c.out()).not.toMatch(/eyJ[\w-]+\.eyJ[\w-]+\.[\w-]+/)
      const [, tokenLine] = /^ {2}(TOKEN=\$\(.*\))$/m.exec(c.out())!
      const [, listUrl] = /curl -H "Authorization: Bearer \$TOKEN" (\S+)/.exec(c.out())!
      const { stdout: token } = await promisify(execFile)('sh', ['-c', `${tokenLine}\nprintf %s "$TOKEN"`], { timeout: 15_000 })
      const response = await fetch(listUrl!, { headers: { authorization: `Bearer ${token}` } })
      expect(response.status).toBe(200)
      expect(((await response.json()) as { count: number }).count).toBe(3)
    } finally {
      stop.abort()
    }
  })
})
