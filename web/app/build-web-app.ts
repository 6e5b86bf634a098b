/**
 * Builds the web app (web/app/main.tsx) into a folder of static files with esbuild:
 *
 *   index.html                 loads /app-config.js, then /assets/main.js
 *   assets/main.js (+ chunks)  ESM with code splitting, linked source maps
 *   app-config.js              mock mode only (the real-mode server generates it per request)
 *   mockServiceWorker.js       mock mode only, msw's own worker script (matches the installed msw)
 *
 * The mode is decided at BUILD time for the mock code: `__TCK_MOCK_BUILD__` is defined as a
 * constant, so in a real build esbuild drops the branch that imports the mock (MSW, the simulated
 * issuer, the contract) and none of it is emitted. The mock build needs no plugin: its mock is
 * `tasks-tck/msw/browser` (mocks/msw/browser.ts), which bundles as is.
 */
import { build } from 'esbuild'
import { copyFile, mkdir, rm, writeFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { join, resolve } from 'node:path'
import { appConfigScript, type AppConfig } from './app-config.ts'
import { excludeMockCode } from './build/exclude-mock-code.ts'

const HERE = import.meta.dirname
const ROOT = resolve(HERE, '../..')

/** Where `buildWebApp` writes by default, per mode (under the gitignored `.tck/`). */
export const DEFAULT_WEB_OUT_DIR: Readonly<Record<'real' | 'mock', string>> = Object.freeze({
  real: join(ROOT, '.tck', 'web-app', 'real'),
  mock: join(ROOT, '.tck', 'web-app', 'mock'),
})

/** The configuration the mock build writes as its static `app-config.js`. */
export const MOCK_APP_CONFIG: AppConfig = { mode: 'mock', apiBaseUrl: '', logRequests: true }

/** Options of {@link buildWebApp}. */
export interface BuildWebAppOptions {
  /** Output folder; created when missing. Its `assets/` folder is replaced, other files overwritten. */
  outDir: string
  mode: 'real' | 'mock'
  /** Minify the bundle. Default false (readable output; source maps either way). */
  minify?: boolean
}

/**
 * Builds the app for `mode` into `outDir` and returns its absolute path. Serve the folder at the
 * ROOT of an origin with a SPA fallback (paths like `/tasks/42` answer index.html), plus
 * `/app-config.js` in real mode.
 */
export async function buildWebApp(options: BuildWebAppOptions): Promise<string> {
  const out = resolve(options.outDir)
  const mock = options.mode === 'mock'
  const assets = join(out, 'assets')
  // Chunk names carry hashes: without this, every build would leave the previous chunks behind.
  await rm(assets, { recursive: true, force: true })
  await mkdir(assets, { recursive: true })
  await build({
    entryPoints: { main: join(HERE, 'main.tsx') },
    outdir: assets,
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: ['es2022', 'chrome120', 'firefox120', 'safari16'],
    jsx: 'automatic',
    sourcemap: 'linked',
    minify: options.minify ?? false,
    chunkNames: '[name]-[hash]',
    define: {
      __TCK_MOCK_BUILD__: String(mock),
      // React picks its development or production build from this.
      'process.env.NODE_ENV': JSON.stringify(options.minify ? 'production' : 'development'),
    },
    tsconfig: join(ROOT, 'tsconfig.json'),
    logLevel: 'silent',
    legalComments: 'none',
    // The mock code is the package's browser entry, free of Node built-ins: no plugin needed. The
    // real build keeps it out of its graph altogether; there, as anywhere, a `node:` import fails the build.
    plugins: mock ? [] : [excludeMockCode()],
  })
  await copyFile(join(HERE, 'index.html'), join(out, 'index.html'))
  if (mock) {
    await writeFile(join(out, 'app-config.js'), appConfigScript(MOCK_APP_CONFIG))
    const require = createRequire(import.meta.url)
    await copyFile(require.resolve('msw/mockServiceWorker.js'), join(out, 'mockServiceWorker.js'))
  }
  return out
}
