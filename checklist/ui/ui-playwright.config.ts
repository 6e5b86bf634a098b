/**
 * The Playwright config `tck ui` runs: the checklist's spec files against the frontend its
 * `TCK_UI_*` environment names (ui-run-settings.ts), one project, reports in `TCK_UI_REPORT_DIR`.
 * A team may also point its own Playwright at it: `npx playwright test --config
 * node_modules/tasks-tck/dist/checklist/ui/ui-playwright.config.js` with those variables set.
 */
import { join } from 'node:path'
import { defineConfig } from '@playwright/test'
import { CHROMIUM_ARGS } from './chromium-args.ts'
import { UI_RUNNER_ENV } from './ui-run-settings.ts'
import type { UiOptions } from './ui-test.ts'

const env = process.env
const reportDir = env[UI_RUNNER_ENV.reportDir] || join('reports', 'tck-ui')
const browser = env[UI_RUNNER_ENV.browser]

export default defineConfig<UiOptions>({
  testDir: './specs',
  // .spec.ts in a clone, .spec.js in the installed package; never the .d.ts beside them.
  testMatch: /\.spec\.[jt]s$/,
  outputDir: join(reportDir, 'results'),
  // The expiry items extend their own timeout by the tokens' lifetime (ui-test.ts).
  timeout: 60_000,
  expect: { timeout: 10_000 },
  // Every test signs up its own user, so tests never share data and may run side by side.
  fullyParallel: true,
  workers: Number(env[UI_RUNNER_ENV.workers]) || 1,
  retries: 0,
  reporter: [['list'], ['html', { outputFolder: join(reportDir, 'html'), open: 'never' }], ['json', { outputFile: join(reportDir, 'results.json') }]],
  use: {
    // Off unless asked (`tck ui --trace`): a trace holds the test users' session cookies and JWTs.
    trace: env[UI_RUNNER_ENV.trace] === '1' ? 'retain-on-failure' : 'off',
    screenshot: 'only-on-failure',
    ...(browser ? { launchOptions: { executablePath: browser, args: [...CHROMIUM_ARGS] } } : {}),
  },
  projects: [{ name: 'ui' }],
})
