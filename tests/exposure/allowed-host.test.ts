import { describe, expect, it } from 'vitest'
import { createHostRule, hostNameOf, isLoopbackAddress } from '../../shared/http/allowed-host.ts'
import { readAllowedHosts, readServerTimeouts } from '../../shared/http/server-timeouts.ts'
import { ConfigError, loadConfig } from '../../reference-server/config/load-config.ts'

describe('the Host rule (shared/http/allowed-host.ts)', () => {
  it('on a loopback bind allows the loopback names with any port and refuses the rest', () => {
    const rule = createHostRule({ bindHost: '127.0.0.1' })
    expect(rule.active).toBe(true)
    for (const host of ['localhost', 'localhost:8000', 'LOCALHOST.:3000', 'app.localhost:1', '127.0.0.1:9', '[::1]:8000', undefined])
      expect(rule.allows(host), String(host)).toBe(true)
    for (const host of ['rebind.evil.example:8000', 'localhost.evil.example', '127.0.0.1.nip.io', 'evil.example', '10.0.0.1'])
      expect(rule.allows(host), host).toBe(false)
  })

  it('adds the bind address, own names and ALLOWED_HOSTS', () => {
    const rule = createHostRule({ bindHost: '127.0.0.2', ownHosts: ['auth.test'], allowedHosts: ['Dev.Example.Test'] })
    for (const host of ['127.0.0.2:80', 'auth.test:3000', 'dev.example.test:8000']) expect(rule.allows(host), host).toBe(true)
    expect(rule.allows('evil.example')).toBe(false)
  })

  it('checks nothing on a wildcard bind (a deployment behind its own proxy) unless ALLOWED_HOSTS is set', () => {
    expect(createHostRule({ bindHost: '0.0.0.0' }).allows('anything.example')).toBe(true)
    const listed = createHostRule({ bindHost: '0.0.0.0', allowedHosts: ['api.example.test'] })
    expect(listed.allows('api.example.test:443')).toBe(true)
    expect(listed.allows('evil.example')).toBe(false)
  })

  it('refuses a Host value that is not a whole host[:port], even when it starts with a loopback name', () => {
    const rule = createHostRule({ bindHost: '127.0.0.1', allowedHosts: ['dev.example.test'] })
    for (const host of [
      'localhost:80@evil.com',
      'localhost:evil',
      '[::1].evil.com',
      'localhost:8000:1',
      '127.0.0.1:',
      'localhost/evil.com',
      '[::1]evil.com:80',
      '::1',
      'localhost:123456',
      'evil.com x.localhost',
      'dev.example.test@evil.com',
      '',
    ])
      expect(rule.allows(host), host).toBe(false)
  })

  it('parses Host values and bind addresses', () => {
    expect(hostNameOf('[::1]:8000')).toBe('::1')
    expect(hostNameOf('Example.TEST.:80')).toBe('example.test')
    expect(hostNameOf('localhost:80@evil.com')).toBeUndefined()
    expect(hostNameOf('[::1].evil.com')).toBeUndefined()
    expect(isLoopbackAddress('127.1.2.3')).toBe(true)
    expect(isLoopbackAddress('::1')).toBe(true)
    expect(isLoopbackAddress('0.0.0.0')).toBe(false)
  })
})

describe('timeouts and ALLOWED_HOSTS from the environment', () => {
  it('defaults to 30 s, 10 s and 5 s and no extra host', () => {
    const problems: string[] = []
    expect(readServerTimeouts({}, problems)).toEqual({ requestTimeoutMs: 30_000, headersTimeoutMs: 10_000, keepAliveTimeoutMs: 5_000 })
    expect(readAllowedHosts({}, problems)).toEqual([])
    expect(problems).toEqual([])
  })

  it('reports every bad value at once in loadConfig', () => {
    let error: unknown
    try {
      loadConfig({
        JWKS_URL: 'http://localhost:3000/api/auth/jwks',
        REQUEST_TIMEOUT_MS: '0',
        KEEP_ALIVE_TIMEOUT_MS: 'soon',
        ALLOWED_HOSTS: 'ok.test,http://x.test,*',
      })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(ConfigError)
    const problems = (error as ConfigError).problems
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('REQUEST_TIMEOUT_MS'),
        expect.stringContaining('KEEP_ALIVE_TIMEOUT_MS'),
        expect.stringContaining('"http://x.test"'),
        expect.stringContaining('"*"'),
      ]),
    )
  })

  it('refuses a headers timeout longer than the request timeout (Node would throw at start-up)', () => {
    const problems: string[] = []
    readServerTimeouts({ REQUEST_TIMEOUT_MS: '1000', HEADERS_TIMEOUT_MS: '2000' }, problems)
    expect(problems).toEqual([expect.stringContaining('must not exceed REQUEST_TIMEOUT_MS')])
  })

  it('puts them in the frozen config', () => {
    const config = loadConfig({
      JWKS_URL: 'http://localhost:3000/api/auth/jwks',
      REQUEST_TIMEOUT_MS: '500',
      HEADERS_TIMEOUT_MS: '400',
      ALLOWED_HOSTS: 'a.test, B.test',
    })
    expect(config.timeouts).toEqual({ requestTimeoutMs: 500, headersTimeoutMs: 400, keepAliveTimeoutMs: 5_000 })
    expect(config.allowedHosts).toEqual(['a.test', 'b.test'])
    expect(Object.isFrozen(config.timeouts)).toBe(true)
  })
})
