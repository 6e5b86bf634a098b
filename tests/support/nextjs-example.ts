/**
 * examples/nextjs-app as a team would get it, ready to drive: tasks-tck packed (`npm pack`, from a
 * copy of the source tree), the app copied to `work` with the tarball as its vendor/tasks-tck.tgz,
 * installed, the MSW worker copied (`tck msw-init public`), built in mock mode
 * (NEXT_PUBLIC_API_MOCK=1) and started with `next start` on a free port.
 * With `faults` (examples/nextjs-broken: the same app with deliberate faults), that folder's patches
 * are applied to the copy before install and build.
 * Used by the browser checklist's `nextjs-mock` project (tests/e2e/global-setup.ts).
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync } from 'node:fs'
import { cp, mkdir, readdir, symlink } from 'node:fs/promises'
import { join, resolve } from 'node:path'
import { findFreePort } from '../../shared/net/free-port.ts'
import { type Ran, runCommand } from './run-command.ts'

const ROOT = resolve(import.meta.dirname, '../..')
const APP = join(ROOT, 'examples/nextjs-app')
/** Not copied: what `npm install`, `next build`, `npm run vendor` and `tck msw-init` make. */
const GENERATED = new Set(['node_modules', '.next', 'vendor', 'next-env.d.ts', 'mockServiceWorker.js', '.data'])
const ENV = { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0', NEXT_TELEMETRY_DISABLED: '1', NODE_ENV: undefined }

/** The steps below run with the app's environment (no colours, no telemetry, Next's own NODE_ENV). */
const run = (command: string, args: string[], cwd: string, env: NodeJS.ProcessEnv = ENV) => runCommand(command, args, cwd, { env })

function mustSucceed(step: string, ran: Ran): Ran {
  if (ran.code !== 0) throw new Error(`${step}: exit ${ran.code}\n--- stdout ---\n${ran.stdout.slice(-3000)}\n--- stderr ---\n${ran.stderr.slice(-3000)}`)
  return ran
}

/** Packs tasks-tck from a copy of the source tree into `work` (`npm pack`); returns the tarball's path and the milliseconds it took. */
export async function packTasksTck(work: string): Promise<{ tarball: string; ms: number }> {
  const source = join(work, 'tasks-tck')
  const listed = mustSucceed('git ls-files', await run('git', ['ls-files', '-z', '--cached', '--others', '--exclude-standard'], ROOT))
  for (const file of listed.stdout.split('\0')) {
    // `node_modules` itself is listed when it is a symlink (a git worktree's), which `node_modules/` does not ignore.
    if (file && file !== 'node_modules' && !file.startsWith('examples/nextjs-app/') && existsSync(join(ROOT, file)))
      await cp(join(ROOT, file), join(source, file))
  }
  await symlink(join(ROOT, 'node_modules'), join(source, 'node_modules'))
  const pack = mustSucceed('npm pack', await run('npm', ['pack', '--json', '--pack-destination', work], source))
  const [{ filename }] = JSON.parse(pack.stdout.slice(pack.stdout.indexOf('['))) as [{ filename: string }]
  return { tarball: join(work, filename), ms: pack.ms }
}

/**
 * Installs and builds the app in mock mode under `work` (an empty folder, or one shared by several
 * builds with distinct `name`s); returns the app's folder and each step's milliseconds.
 * - `tarball`: tasks-tck packed before ({@link packTasksTck}); default: packed here.
 * - `faults`: a folder relative to the repository's root whose `*.patch` files are applied to the
 *   app's copy with `git apply`, in name order (examples/nextjs-broken).
 * - `name`: the app's folder under `work` (default `nextjs-app`).
 */
export async function buildNextjsExampleMock(
  work: string,
  options: { faults?: string; tarball?: string; name?: string } = {},
): Promise<{ appDir: string; times: Record<string, number> }> {
  const times: Record<string, number> = {}
  let tarball = options.tarball
  if (!tarball) {
    const packed = await packTasksTck(work)
    tarball = packed.tarball
    times['npm pack'] = packed.ms
  }

  const appDir = join(work, options.name ?? 'nextjs-app')
  await cp(APP, appDir, { recursive: true, filter: (path) => !GENERATED.has(path.split('/').pop() ?? '') })
  if (options.faults) {
    // Patches, not copies: when the app changes around a fault, `git apply` refuses instead of the
    // variant silently reverting the change.
    const folder = join(ROOT, options.faults)
    const patches = (await readdir(folder)).filter((name) => name.endsWith('.patch')).sort()
    if (patches.length === 0) throw new Error(`${options.faults}: no .patch files`)
    for (const patch of patches) mustSucceed(`git apply ${options.faults}/${patch}`, await run('git', ['apply', join(folder, patch)], appDir))
  }
  await mkdir(join(appDir, 'vendor'))
  await cp(tarball, join(appDir, 'vendor/tasks-tck.tgz'))
  // As `npm run vendor` does: naming the tarball rewrites its lockfile integrity.
  const install = mustSucceed('npm install', await run('npm', ['install', '--prefer-offline', '--no-audit', '--no-fund', 'file:vendor/tasks-tck.tgz'], appDir))
  times['npm install'] = install.ms
  mustSucceed('tck msw-init public', await run(join(appDir, 'node_modules/.bin/tck'), ['msw-init', 'public'], appDir))
  const build = mustSucceed(
    'next build (mock mode)',
    await run(process.execPath, [join(appDir, 'node_modules/next/dist/bin/next'), 'build'], appDir, { ...ENV, NEXT_PUBLIC_API_MOCK: '1' }),
  )
  times['next build'] = build.ms
  return { appDir, times }
}

/** `next start` of a built app on a free port of 127.0.0.1, once /sign-in answers. */
export async function startNextjsExample(appDir: string): Promise<{ url: string; close(): Promise<void> }> {
  const port = await findFreePort()
  const url = `http://127.0.0.1:${port}`
  let log = ''
  const server: ChildProcess = spawn(process.execPath, [join(appDir, 'node_modules/next/dist/bin/next'), 'start', '-p', String(port), '-H', '127.0.0.1'], {
    cwd: appDir,
    env: ENV,
  })
  server.stdout?.on('data', (chunk) => {
    log += chunk
  })
  server.stderr?.on('data', (chunk) => {
    log += chunk
  })
  const started = Date.now()
  for (;;) {
    const ok = await fetch(`${url}/sign-in`).then(
      (response) => response.ok,
      () => false,
    )
    if (ok) break
    if (server.exitCode !== null || Date.now() - started > 30_000) {
      server.kill('SIGKILL')
      throw new Error(`next start did not answer:\n${log}`)
    }
    await new Promise((wait) => setTimeout(wait, 250))
  }
  return {
    url,
    async close() {
      if (server.exitCode !== null) return
      const exited = new Promise((done) => server.once('exit', done))
      server.kill('SIGTERM')
      await Promise.race([exited, new Promise((wait) => setTimeout(wait, 5_000))])
      if (server.exitCode === null) server.kill('SIGKILL')
    },
  }
}
