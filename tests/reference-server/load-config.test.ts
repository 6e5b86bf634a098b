import { describe, expect, it } from 'vitest'
import { ConfigError, loadConfig } from '../../reference-server/config/load-config.ts'

const minimal = { JWKS_URL: 'http://localhost:3000/api/auth/jwks' }

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig(minimal)
    expect(config).toMatchObject({
      databaseUrl: undefined,
      pgliteDataDir: '.tck/pglite',
      jwtIssuer: undefined,
      jwtAudience: [],
      jwtAlgorithms: ['EdDSA'],
      jwtClockToleranceSeconds: 5,
      // 1 s, not jose's 30 s: an unknown kid must not hold off a rotated-in key (security review F7).
      jwksCooldownSeconds: 1,
      jwksCacheMaxAgeSeconds: 600,
      corsOrigins: ['http://localhost:3000'],
      port: 8000,
      host: '127.0.0.1',
      logLevel: 'info',
      maxTasksPerUser: 10_000,
      verifyCache: { enabled: true, maxEntries: 10_000 },
    })
  })

  it('reads VERIFY_CACHE and VERIFY_CACHE_MAX_ENTRIES, reporting bad values together', () => {
    expect(loadConfig({ ...minimal, VERIFY_CACHE: 'off' }).verifyCache).toEqual({ enabled: false, maxEntries: 10_000 })
    expect(loadConfig({ ...minimal, VERIFY_CACHE: ' ON ', VERIFY_CACHE_MAX_ENTRIES: '50' }).verifyCache).toEqual({ enabled: true, maxEntries: 50 })
    let error: unknown
    try {
      loadConfig({ ...minimal, VERIFY_CACHE: 'false', VERIFY_CACHE_MAX_ENTRIES: '0' })
    } catch (e) {
      error = e
    }
    expect((error as ConfigError).problems).toEqual([
      'VERIFY_CACHE must be on or off (got "false")',
      'VERIFY_CACHE_MAX_ENTRIES must be an integer from 1 to 1000000 (got "0")',
    ])
  })

  it('reads MAX_TASKS_PER_USER, reporting a bad one together with the other problems', () => {
    expect(loadConfig({ ...minimal, MAX_TASKS_PER_USER: '250' }).maxTasksPerUser).toBe(250)
    for (const bad of ['0', '-5', '1.5', 'lots', '10000001']) {
      let error: unknown
      try {
        loadConfig({ MAX_TASKS_PER_USER: bad, PORT: 'eighty' })
      } catch (e) {
        error = e
      }
      expect(error).toBeInstanceOf(ConfigError)
      const problems = (error as ConfigError).problems
      expect(problems).toHaveLength(3)
      expect(problems).toContain(`MAX_TASKS_PER_USER must be an integer from 1 to 10000000 (got "${bad}")`)
    }
  })

  it("reads the FastAPI backend's variable names", () => {
    const config = loadConfig({
      ...minimal,
      DATABASE_URL: 'postgresql://postgres@127.0.0.1:5432/test',
      JWT_ISSUER: 'http://localhost:3000',
      JWT_AUDIENCE: 'http://localhost:3000, api',
      JWT_ALGORITHMS: 'EdDSA,ES256',
      CORS_ORIGINS: 'http://localhost:3000,https://app.example.com',
      PORT: '9000',
      HOST: '0.0.0.0',
    })
    expect(config.jwtAudience).toEqual(['http://localhost:3000', 'api'])
    expect(config.jwtAlgorithms).toEqual(['EdDSA', 'ES256'])
    expect(config.corsOrigins).toEqual(['http://localhost:3000', 'https://app.example.com'])
    expect(config.port).toBe(9000)
  })

  it('reports every problem at once', () => {
    let error: unknown
    try {
      loadConfig({ JWT_ALGORITHMS: 'HS256,none', CORS_ORIGINS: '*', PORT: 'eighty', DATABASE_URL: 'mysql://x', LOG_LEVEL: 'loud' })
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(ConfigError)
    const problems = (error as ConfigError).problems.join('\n')
    for (const name of ['JWKS_URL', 'HS256', 'none', 'CORS_ORIGINS', 'PORT', 'DATABASE_URL', 'LOG_LEVEL']) expect(problems).toContain(name)
    expect((error as ConfigError).problems).toHaveLength(7)
  })

  it('refuses symmetric and "none" algorithms so a public key can never be used as an HMAC secret', () => {
    for (const alg of ['HS256', 'HS512', 'none']) expect(() => loadConfig({ ...minimal, JWT_ALGORITHMS: alg })).toThrow(alg)
  })

  it('refuses origins that are not origins', () => {
    expect(() => loadConfig({ ...minimal, CORS_ORIGINS: 'http://localhost:3000/app' })).toThrow(ConfigError)
  })

  it('returns a frozen object', () => {
    const config = loadConfig(minimal)
    expect(Object.isFrozen(config)).toBe(true)
    expect(Object.isFrozen(config.corsOrigins)).toBe(true)
  })
})
