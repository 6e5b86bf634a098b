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
      jwksCooldownSeconds: 30,
      jwksCacheMaxAgeSeconds: 600,
      corsOrigins: ['http://localhost:3000'],
      port: 8000,
      host: '127.0.0.1',
      logLevel: 'info',
    })
  })

  it('reads the FastAPI backend\'s variable names', () => {
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
