/**
 * The web app build (web/app/build-web-app.ts) in both modes, and the runtime configuration script
 * the real server serves as /app-config.js.
 */
import { existsSync } from 'node:fs'
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { runInNewContext } from 'node:vm'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AppConfigError, appConfigScript, resolveAppConfig, type AppConfig } from '../../web/app/app-config.ts'
import { EXCLUDED_MOCK_IMPORT } from '../../web/app/build/exclude-mock-code.ts'
import { buildWebApp, MOCK_APP_CONFIG } from '../../web/app/build-web-app.ts'

/** Every JavaScript file the build emitted under assets/, as one string. */
async function bundleText(outDir: string): Promise<string> {
  const assets = join(outDir, 'assets')
  const files = (await readdir(assets)).filter((file) => file.endsWith('.js'))
  return (await Promise.all(files.map((file) => readFile(join(assets, file), 'utf8')))).join('\n')
}

/** Runs an /app-config.js text in a fresh context and returns what it set. */
function runConfigScript(script: string): unknown {
  const window: { __TCK_CONFIG__?: unknown } = {}
  runInNewContext(script, { window })
  return window.__TCK_CONFIG__
}

describe('buildWebApp', () => {
  let root: string
  let realDir: string
  let mockDir: string

  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'tck-web-app-build-'))
    realDir = await buildWebApp({ outDir: join(root, 'real'), mode: 'real' })
    mockDir = await buildWebApp({ outDir: join(root, 'mock'), mode: 'mock' })
  })

  afterAll(async () => {
    if (root) await rm(root, { recursive: true, force: true })
  })

  it('writes index.html that loads /app-config.js before the module bundle', async () => {
    for (const dir of [realDir, mockDir]) {
      const html = await readFile(join(dir, 'index.html'), 'utf8')
      const config = html.indexOf('<script src="/app-config.js"></script>')
      const bundle = html.indexOf('<script type="module" src="/assets/main.js"></script>')
      expect(config).toBeGreaterThan(0)
      expect(bundle).toBeGreaterThan(config)
      expect(existsSync(join(dir, 'assets', 'main.js'))).toBe(true)
      expect(existsSync(join(dir, 'assets', 'main.js.map'))).toBe(true)
    }
  })

  it('writes app-config.js and mockServiceWorker.js in mock mode only', async () => {
    expect(runConfigScript(await readFile(join(mockDir, 'app-config.js'), 'utf8'))).toEqual(MOCK_APP_CONFIG)
    expect(await readFile(join(mockDir, 'mockServiceWorker.js'), 'utf8')).toContain('Mock Service Worker')
    // The real server generates /app-config.js; a stale static one would win over it.
    expect(existsSync(join(realDir, 'app-config.js'))).toBe(false)
    expect(existsSync(join(realDir, 'mockServiceWorker.js'))).toBe(false)
  })

  it('keeps MSW, the simulated issuer and the mock state out of the real bundle', async () => {
    const real = await bundleText(realDir)
    const mock = await bundleText(mockDir)
    for (const marker of ['setupWorker', 'mockServiceWorker.js', 'tck-mock-state', 'SimulatedIssuer']) {
      expect(mock, marker).toContain(marker)
      expect(real, marker).not.toContain(marker)
    }
    expect(real).not.toContain(EXCLUDED_MOCK_IMPORT)
    // Both still hold the app itself.
    expect(real).toContain('Mark all done')
    expect(mock).toContain('Mark all done')
  })

  it("builds the mock mode from the package's browser entry as is: no node: import, no build-time stub", async () => {
    const mock = await bundleText(mockDir)
    // Statements only: esbuild starts them at column 0 (the bundled docs of graphql quote `import … 'node:assert'`).
    expect(mock).not.toMatch(/^(?:import|export)\b[^\n]*\bfrom\s*["']node:|^import\s*["']node:|\b(?:import|require)\(\s*["']node:/m)
    expect(mock).not.toContain('stubbed at build time')
    // The contract travels as the generated module (its `$ref`s intact), not as a build-time copy.
    expect(mock).toContain('TASK_API_DOCUMENT')
  })

  it("replaces the previous build's chunks instead of piling them up", async () => {
    const before = await readdir(join(mockDir, 'assets'))
    await buildWebApp({ outDir: mockDir, mode: 'mock', minify: true })
    const after = await readdir(join(mockDir, 'assets'))
    expect(after.length).toBe(before.length)
  })
})

describe('appConfigScript', () => {
  it('sets window.__TCK_CONFIG__ to the config', () => {
    const config: AppConfig = { mode: 'real', apiBaseUrl: 'http://127.0.0.1:8000', refreshMarginSeconds: 30, logRequests: true }
    expect(runConfigScript(appConfigScript(config))).toEqual(config)
  })

  it('escapes </script> and other markup so the text can sit inside a script element', () => {
    const hostile = 'http://x.test/</script><script>alert(1)</script><!--\u2028'
    const script = appConfigScript({ mode: 'real', apiBaseUrl: hostile })
    expect(script).not.toContain('<')
    expect(script).not.toContain('\u2028')
    expect(runConfigScript(script)).toEqual({ mode: 'real', apiBaseUrl: hostile })
  })
})

describe('resolveAppConfig', () => {
  it('fills in the defaults and reads an empty apiBaseUrl as the page origin', () => {
    expect(resolveAppConfig({ mode: 'mock', apiBaseUrl: '' }, 'http://127.0.0.1:5173')).toEqual({
      mode: 'mock',
      apiBaseUrl: 'http://127.0.0.1:5173',
      refreshMarginSeconds: 60,
      logRequests: false,
    })
    expect(resolveAppConfig({ mode: 'real', apiBaseUrl: 'http://api.test/' }, 'http://x').apiBaseUrl).toBe('http://api.test')
  })

  it('refuses a missing or malformed configuration with a readable error', () => {
    expect(() => resolveAppConfig(undefined, 'http://x')).toThrow(AppConfigError)
    expect(() => resolveAppConfig({ mode: 'dev', apiBaseUrl: '' }, 'http://x')).toThrow(/mode/)
    expect(() => resolveAppConfig({ mode: 'real' }, 'http://x')).toThrow(/apiBaseUrl/)
    expect(() => resolveAppConfig({ mode: 'real', apiBaseUrl: '', refreshMarginSeconds: -1 }, 'http://x')).toThrow(/refreshMarginSeconds/)
  })
})
