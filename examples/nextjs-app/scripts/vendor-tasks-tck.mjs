/**
 * Packs the repository's tasks-tck (`npm pack`, whose prepack builds dist/) into
 * vendor/tasks-tck.tgz, the file the app depends on, then installs it with
 * `npm install file:vendor/tasks-tck.tgz`, which rewrites the lockfile's integrity of that one
 * entry. A plain `npm install` would not: the version is the same, so npm keeps (or takes from its
 * cache, keyed by the old integrity) the previous tarball's content. See README, "The lockfile".
 */
import { execFileSync } from 'node:child_process'
import { mkdirSync, renameSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'

const app = resolve(dirname(fileURLToPath(import.meta.url)), '..')
const repo = resolve(app, '../..')
const vendor = join(app, 'vendor')
mkdirSync(vendor, { recursive: true })
const out = execFileSync('npm', ['pack', '--json', '--pack-destination', vendor], { cwd: repo, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] })
const [{ filename }] = JSON.parse(out.slice(out.indexOf('[')))
renameSync(join(vendor, filename), join(vendor, 'tasks-tck.tgz'))
console.log(`vendor/tasks-tck.tgz ← ${filename}`)
if (!process.argv.includes('--no-install')) {
  execFileSync('npm', ['install', '--no-audit', '--no-fund', 'file:vendor/tasks-tck.tgz'], { cwd: app, stdio: 'inherit' })
}
