/**
 * `npm run docs:screenshot`: the README's pictures of the HTML report (docs/check-report.png, and
 * docs/check-report-dark.png in dark mode), taken from a real failing run. It runs the Chromium test
 * that makes them — `tck check` against the reference server with TCK_FAULT=skip-ownership-check,
 * counts checked against results.json (tests/check/report-html-browser.test.ts) — and copies its
 * screenshots from reports/docs/ to docs/. Needs Debian's Chromium (/usr/bin/chromium).
 */
import { spawnSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, rmSync, statSync } from 'node:fs'
import { join, resolve } from 'node:path'

const root = resolve(import.meta.dirname, '..')
const shots = join(root, 'reports/docs')
const docs = join(root, 'docs')
const FILES = ['check-report.png', 'check-report-dark.png']

for (const file of FILES) rmSync(join(shots, file), { force: true })
const vitest = spawnSync(
  process.execPath,
  [join(root, 'node_modules/vitest/vitest.mjs'), 'run', 'tests/check/report-html-browser.test.ts', '-t', 'shows a real failing run'],
  { cwd: root, stdio: 'inherit' },
)
if (vitest.status !== 0) {
  console.error('docs:screenshot: the Chromium test of the HTML report failed (see above); docs/ left as it was')
  process.exit(1)
}
mkdirSync(docs, { recursive: true })
for (const file of FILES) {
  const from = join(shots, file)
  // A test skipped (no Chromium) writes nothing: say so rather than keep a stale picture silently.
  if (!existsSync(from)) {
    console.error(`docs:screenshot: ${from} was not written (was the browser test skipped? install chromium)`)
    process.exit(1)
  }
  copyFileSync(from, join(docs, file))
  console.log(`docs/${file} (${Math.round(statSync(from).size / 1024)} kB)`)
}
