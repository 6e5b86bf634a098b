import { randomBytes } from 'node:crypto'
import { existsSync } from 'node:fs'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { serveStatic } from '../../shared/http/static-server.ts'
import { appConfigScript } from '../../web/app/app-config.ts'
import { buildWebApp } from '../../web/app/build-web-app.ts'
import { startWebStack } from '../../web/web-stack/start-web-stack.ts'
import { createPostgresDatabase } from '../../shared/db/postgres-database.ts'
import { buildNextjsExampleMock, startNextjsExample } from '../support/nextjs-example.ts'
import { testEnv } from '../support/test-env.ts'
import { CHROMIUM_MISSING, CHROMIUM_PATH, E2E_ENV, REAL_TOKEN_TTL_SECONDS } from './fixtures.ts'

const WORK_DIR = join('reports', 'e2e')

/**
 * Starts what both projects need, once, on free ports, and hands their URLs to the workers through
 * the environment (Playwright's documented way): the mock build on a static server, and the real
 * stack. Returns the teardown.
 */
export default async function globalSetup(): Promise<() => Promise<void>> {
  // Said once here, since the list reporter does not print skip reasons; the fixture skips (or, in CI, fails) each test.
  if (!existsSync(CHROMIUM_PATH)) console.warn(`\n${CHROMIUM_MISSING}: every browser check is ${testEnv.ci ? 'FAILED (CI=true)' : 'skipped'}\n`)
  await rm(WORK_DIR, { recursive: true, force: true })
  const mockDir = await buildWebApp({ outDir: join(WORK_DIR, 'web-mock'), mode: 'mock' })
  const mock = await serveStatic(mockDir, {
    spaFallback: true,
    // Refresh 1 s before exp, as the real project does, so short test tokens are not refreshed on every call.
    files: { '/app-config.js': { type: 'text/javascript; charset=utf-8', body: appConfigScript({ mode: 'mock', apiBaseUrl: '', refreshMarginSeconds: 1 }) } },
  })
  const database = testEnv.databaseUrl ? await createPostgresDatabase(testEnv.databaseUrl) : undefined
  const real = await startWebStack({
    webPort: 0,
    apiPort: 0,
    publicHost: '127.0.0.1',
    authSecret: randomBytes(32).toString('base64url'),
    authPgliteDataDir: 'memory://',
    apiEnv: { LOG_LEVEL: 'warn', ...(database ? { DATABASE_URL: database.url } : { PGLITE_DATA_DIR: 'memory://' }) },
    tokenTtlSeconds: REAL_TOKEN_TTL_SECONDS,
    refreshMarginSeconds: 1,
    // Every test signs up its own user from 127.0.0.1; the limiter itself is tested in tests/auth-server.
    credentialRateLimit: { window: 60, max: 10_000 },
    webOutDir: join(WORK_DIR, 'web-real'),
  })
  const nextjs = testEnv.e2eNextjs ? await startNextjsMock() : undefined
  process.env[E2E_ENV.mockUrl] = mock.url
  process.env[E2E_ENV.realUrl] = real.webUrl
  process.env[E2E_ENV.realApiUrl] = real.apiUrl
  if (nextjs) process.env[E2E_ENV.nextjsMockUrl] = nextjs.url
  return async () => {
    await mock.close()
    await real.close()
    await nextjs?.close()
    await database?.drop()
  }
}

/**
 * Project `nextjs-mock`: examples/nextjs-app packed, installed and built once in mock mode (in a temp
 * folder outside the repository, so Next finds no parent lockfile or tsconfig), then `next start`.
 * `TCK_E2E_NEXTJS_APP` starts an app built before instead (a copy built with `npm run build:mock`, kept by the caller).
 */
async function startNextjsMock(): Promise<{ url: string; close(): Promise<void> }> {
  let appDir = testEnv.e2eNextjsApp
  let work: string | undefined
  if (!appDir) {
    work = await mkdtemp(join(tmpdir(), 'tck-e2e-nextjs-'))
    const built = await buildNextjsExampleMock(work)
    appDir = built.appDir
    const seconds = Object.entries(built.times).map(([step, ms]) => `${step} ${(ms / 1000).toFixed(1)} s`)
    console.log(`\nnextjs-mock: examples/nextjs-app packed, installed and built (${seconds.join(', ')})\n`)
  }
  const server = await startNextjsExample(appDir).catch(async (error: unknown) => {
    if (work) await rm(work, { recursive: true, force: true })
    throw error
  })
  return {
    url: server.url,
    async close() {
      await server.close()
      if (work) await rm(work, { recursive: true, force: true })
    },
  }
}
