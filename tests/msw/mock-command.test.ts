import { PassThrough } from 'node:stream'
import { describe, expect, it } from 'vitest'
import { MOCK_USAGE, runMockCommand } from '../../mocks/msw/index.ts'

function capture() {
  const stdout = new PassThrough()
  const stderr = new PassThrough()
  let out = ''
  let err = ''
  stdout.on('data', (chunk) => { out += chunk })
  stderr.on('data', (chunk) => { err += chunk })
  return { io: { stdout, stderr }, out: () => out, err: () => err }
}

describe('tck mock', () => {
  it('--help prints the usage and exits 0', async () => {
    const c = capture()
    expect(await runMockCommand(['--help'], {}, c.io)).toBe(0)
    expect(c.out()).toBe(MOCK_USAGE)
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

  it('serves until stopped, printing the URL, the issuer and a curl line whose token works', async () => {
    const c = capture()
    const stop = new AbortController()
    expect(await runMockCommand(['--port', '0', '--seed', '5', '--engine', 'msw'], { DATABASE_URL: 'ignored', TCK_FAULT: 'ignored' }, { ...c.io, signal: stop.signal })).toBeUndefined()
    try {
      const url = /listening on (http:\/\/\S+)/.exec(c.out())![1]!
      expect(c.out()).toContain(`Issuer   ${url}`)
      const [, token, listUrl] = /curl -H "Authorization: Bearer (\S+)" (\S+)/.exec(c.out())!
      const response = await fetch(listUrl!, { headers: { authorization: `Bearer ${token}` } })
      expect(response.status).toBe(200)
      expect((await response.json() as { count: number }).count).toBe(3)
    } finally {
      stop.abort()
    }
  })
})
