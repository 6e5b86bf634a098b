/**
 * Which tasks-tck the action runs, and its install (a helper of tck-action.mjs, plain Node, no dependency).
 * `version` must be a registry version or dist-tag, an existing path, or a URL-like npm spec; anything
 * else (spaces, | < > ; $ …) is refused, and npm is always run without a shell.
 */
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'

const REGISTRY = /^[\w.^~*-]+$/
const NPM_SPEC = /^(?:file:|github:|git\+https:\/\/|git\+ssh:\/\/|https:\/\/)[\w./:@#~%+=-]+$/

/** The npm spec to install for the `version` input: empty means the action's own version (its package.json), never `latest`. */
export function installSpec(version, workspace, actionPath) {
  if (!version) {
    const own = actionPath && JSON.parse(readFileSync(join(actionPath, 'package.json'), 'utf8')).version
    if (!own || !REGISTRY.test(own)) throw new Error(`version: no version in ${join(actionPath ?? '', 'package.json')}; give the \`version\` input`)
    return `tasks-tck@${own}`
  }
  if (REGISTRY.test(version) && !/\.t(ar\.)?gz$/.test(version)) return `tasks-tck@${version}`
  if (existsSync(resolve(workspace, version))) return resolve(workspace, version)
  if (NPM_SPEC.test(version)) return version
  throw new Error(`version: "${version}" is neither a version, a dist-tag, an existing path nor an npm spec (file:, github:, git+https://, https://)`)
}

/** npm, run without a shell: on Windows through node and npm-cli.js (npm.cmd would need a shell). */
function npm(args, options) {
  if (process.platform !== 'win32') return spawnSync('npm', args, options)
  const cli = join(dirname(process.execPath), 'node_modules', 'npm', 'bin', 'npm-cli.js')
  return spawnSync(process.execPath, [cli, ...args], options)
}

/** The tck bin to run: TCK_BIN; else the workspace's installed tasks-tck when no version is asked; else an install under RUNNER_TEMP. */
export function tckBin(env, version, workspace) {
  if (env.TCK_BIN) return env.TCK_BIN
  const installed = join(workspace, 'node_modules', 'tasks-tck', 'bin', 'tck.mjs')
  if (!version && existsSync(installed)) return installed
  const spec = installSpec(version, workspace, env.GITHUB_ACTION_PATH)
  const dir = join(env.RUNNER_TEMP || workspace, 'tasks-tck-action')
  mkdirSync(dir, { recursive: true })
  writeFileSync(join(dir, 'package.json'), '{ "private": true }\n')
  console.log(`Installing ${spec} into ${dir}`)
  const run = npm(['i', '--no-save', '--no-audit', '--no-fund', '--prefix', dir, spec], { stdio: 'inherit', cwd: dir })
  if (run.status !== 0) throw new Error(`npm i ${spec} failed (exit ${run.status ?? run.signal ?? run.error?.message})`)
  return join(dir, 'node_modules', 'tasks-tck', 'bin', 'tck.mjs')
}
