import { defineConfig } from '@playwright/test'
import type { UiOptions } from './checklist/ui/ui-test.ts'
import { E2E_ENV, REAL_TOKEN_TTL_SECONDS } from './tests/e2e/global-setup.ts'
import { browserSkipReason, CHROMIUM_ARGS, CHROMIUM_PATH } from './tests/support/chromium.ts'
import { testEnv } from './tests/support/test-env.ts'

/**
 * The browser checklist (checklist/ui/specs, IDs UI-001…) in this repository: the spec files
 * `tck ui` runs, against the frontends global-setup.ts starts once on free ports.
 * - mock: our web app built in mock mode on a static server; Better Auth and the Task API are the MSW worker.
 * - real: Better Auth serving the web app, and the reference Task API (PGlite, or a throw-away
 *   database on DATABASE_URL's server), with 5 s tokens so expiry and refresh happen within a test.
 * - nextjs-mock (only with TCK_E2E_NEXTJS=1): examples/nextjs-app installed from the packed tarball,
 *   built with NEXT_PUBLIC_API_MOCK=1 and run by `next start`; profile `nextjs-example`.
 * - nextjs-broken (with it): the same app with examples/nextjs-broken's faults; UI-004, UI-013 and
 *   UI-016 must fail there (`expectFailing`), UI-006 and UI-014 pass.
 * Debian's Chromium, no downloads; without it every item is skipped with the hint (under CI=true, failed).
 */
export default defineConfig<UiOptions>({
  testDir: 'checklist/ui/specs',
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
    browserSkip: browserSkipReason(testEnv.ci),
  },
  projects: [
    { name: 'mock', use: { uiTarget: { urlEnv: E2E_ENV.mockUrl, mock: true } } },
    { name: 'real', use: { uiTarget: { urlEnv: E2E_ENV.realUrl, apiUrlEnv: E2E_ENV.realApiUrl, tokenTtlSeconds: REAL_TOKEN_TTL_SECONDS } } },
    // TCK_E2E_NEXTJS=1: examples/nextjs-app on the packed tarball, built in mock mode (~40 s) + ~1 min of tests on 2 cores.
    ...(testEnv.e2eNextjs
      ? [
          { name: 'nextjs-mock', use: { uiTarget: { urlEnv: E2E_ENV.nextjsMockUrl, mock: true, profile: 'nextjs-example' } } } as const,
          // The same app with examples/nextjs-broken's three faults: each item meant to catch one must fail,
          // and two items the faults do not touch must pass (so a failure is the fault's, not a dead app's).
          {
            name: 'nextjs-broken',
            grep: /\bUI-0(04|06|13|14|16) /,
            use: {
              uiTarget: { urlEnv: E2E_ENV.nextjsBrokenUrl, mock: true, profile: 'nextjs-example' },
              // Each fault's own words in its item's failure (examples/nextjs-broken/README.md).
              expectFailing: {
                'UI-004': 'the destination kept in the sign-in URL',
                'UI-013': 'token token',
                'UI-016': 'a JWT the app sent is readable from web storage',
              },
            },
          } as const,
        ]
      : []),
  ],
})
