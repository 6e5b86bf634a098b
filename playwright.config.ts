import { defineConfig } from '@playwright/test'
import { CHROMIUM_ARGS, CHROMIUM_PATH, type StackOptions } from './tests/e2e/fixtures.ts'
import { testEnv } from './tests/support/test-env.ts'

/**
 * The browser checklist (tests/e2e, IDs UI-001…): one set of spec files, two projects (three with TCK_E2E_NEXTJS=1).
 * - mock: the web app built in mock mode on a static server; Better Auth and the Task API are the MSW worker.
 * - real: Better Auth serving the web app, and the reference Task API (PGlite, or a throw-away
 *   database on DATABASE_URL's server), with 5 s tokens so expiry and refresh happen within a test.
 * - nextjs-mock (only with TCK_E2E_NEXTJS=1): examples/nextjs-app installed from the packed tarball,
 *   built with NEXT_PUBLIC_API_MOCK=1 and run by `next start`; profile NEXTJS_EXAMPLE_PROFILE.
 * The stacks are started once by global-setup.ts on free ports. Debian's Chromium, no downloads.
 */
export default defineConfig<StackOptions>({
  testDir: 'tests/e2e',
  testMatch: '**/*.spec.ts',
  globalSetup: './tests/e2e/global-setup.ts',
  outputDir: 'reports/playwright-results',
  timeout: 60_000,
  expect: { timeout: 10_000 },
  // Every test signs up its own user, so tests never share data and may run side by side.
  fullyParallel: true,
  workers: testEnv.ci ? 2 : undefined,
  retries: 0,
  forbidOnly: testEnv.ci,
  reporter: [['list'], ['html', { outputFolder: 'reports/playwright-html', open: 'never' }], ['json', { outputFile: 'reports/playwright.json' }]],
  use: {
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: { executablePath: CHROMIUM_PATH, args: [...CHROMIUM_ARGS] },
  },
  projects: [
    { name: 'mock', use: { stackName: 'mock' } },
    { name: 'real', use: { stackName: 'real' } },
    // TCK_E2E_NEXTJS=1: examples/nextjs-app on the packed tarball, built in mock mode once (~40 s) + ~1 min of tests on 2 cores.
    ...(testEnv.e2eNextjs ? [{ name: 'nextjs-mock', use: { stackName: 'nextjs-mock', frontendProfile: 'nextjs-example' } } as const] : []),
  ],
})
