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
import { buildNextjsExampleMock, packTasksTck, startNextjsExample } from '../support/nextjs-example.ts'
import { testEnv } from '../support/test-env.ts'
import { CHROMIUM_MISSING, CHROMIUM_PATH } from '../support/chromium.ts'

const WORK_DIR = join('reports', 'e2e')

/** JWT lifetime of the real project's Better Auth, seconds: short, so expiry happens within a test. */
export const REAL_TOKEN_TTL_SECONDS = 5

/** Environment names this setup fills in for the workers (each project's `uiTarget` names its own). */
export const E2E_ENV = {
  mockUrl: 'TCK_E2E_MOCK_URL',
  realUrl: 'TCK_E2E_REAL_URL',
  realApiUrl: 'TCK_E2E_REAL_API_URL',
  nextjsMockUrl: 'TCK_E2E_NEXTJS_MOCK_URL',
  nextjsBrokenUrl: 'TCK_E2E_NEXTJS_BROKEN_URL',
} as const

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
  const nextjs = testEnv.e2eNextjs ? await startNextjsMocks() : undefined
  process.env[E2E_ENV.mockUrl] = mock.url
  process.env[E2E_ENV.realUrl] = real.webUrl
  process.env[E2E_ENV.realApiUrl] = real.apiUrl
  if (nextjs) {
    process.env[E2E_ENV.nextjsMockUrl] = nextjs.good
    process.env[E2E_ENV.nextjsBrokenUrl] = nextjs.broken
  }
  return async () => {
    await mock.close()
    await real.close()
    await nextjs?.close()
    await database?.drop()
  }
}

/**
 * Projects `nextjs-mock` and `nextjs-broken`: tasks-tck packed once, examples/nextjs-app installed
 * and built in mock mode twice (as it is, and with the examples/nextjs-broken patches) side by side,
 * in a temp folder outside the repository so Next finds no parent lockfile or tsconfig; then
 * `next start` for each. `TCK_E2E_NEXTJS_APP` starts a good app built before instead (a copy built
 * with `npm run build:mock`, kept by the caller); the broken one is still built.
 */
async function startNextjsMocks(): Promise<{ good: string; broken: string; close(): Promise<void> }> {
  const work = await mkdtemp(join(tmpdir(), 'tck-e2e-nextjs-'))
  const servers: { url: string; close(): Promise<void> }[] = []
  const close = async () => {
    for (const server of servers) await server.close()
    await rm(work, { recursive: true, force: true })
  }
  try {
    const packed = await packTasksTck(work)
    const [good, broken] = await Promise.all([
      testEnv.e2eNextjsApp ? { appDir: testEnv.e2eNextjsApp, times: {} } : buildNextjsExampleMock(work, { tarball: packed.tarball }),
      buildNextjsExampleMock(work, { tarball: packed.tarball, faults: 'examples/nextjs-broken', name: 'nextjs-broken' }),
    ])
    const seconds = (times: Record<string, number>) => Object.entries(times).map(([step, ms]) => `${step} ${(ms / 1000).toFixed(1)} s`)
    console.log(
      `\nnextjs: tasks-tck packed (${(packed.ms / 1000).toFixed(1)} s); app ${seconds(good.times).join(', ')}; broken variant ${seconds(broken.times).join(', ')}\n`,
    )
    for (const appDir of [good.appDir, broken.appDir]) servers.push(await startNextjsExample(appDir))
    return { good: servers[0]!.url, broken: servers[1]!.url, close }
  } catch (error) {
    await close()
    throw error
  }
}
