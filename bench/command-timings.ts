import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createIssuer } from '../mocks/issuer/index.ts'
import { elapsedMs, spawnNode, type BenchChild } from './spawn-child.ts'

/** The checklist targets whose wall time is measured. */
export const CHECK_TARGETS = ['reference', 'msw', 'prism'] as const
export type CheckTarget = (typeof CHECK_TARGETS)[number]
/** Backends started before the clock for `tck check --target <url>`. */
export const CHECK_URL_TARGETS = ['reference', 'msw'] as const
export type CheckUrlTarget = (typeof CHECK_URL_TARGETS)[number]

/** One timed command. */
export interface CommandTiming {
  /** Wall time, in milliseconds. */
  ms: number
  /** Whether the command did what it should (exit code 0; `Ready.` for start). */
  ok: boolean
}

/** Runs `node bin/tck.mjs …args` to its exit, timed from spawn. */
async function timeTck(args: string[], env: Record<string, string> = {}): Promise<CommandTiming> {
  const start = performance.now()
  const child = spawnNode(['bin/tck.mjs', ...args], env)
  const code = await child.exited
  const ms = elapsedMs(start)
  if (code !== 0) process.stderr.write(`bench: tck ${args.join(' ')} exited ${code}:\n${child.output().slice(-2000)}\n`)
  return { ms, ok: code === 0 }
}

/**
 * Wall time of `node bin/tck.mjs check --target <target>`, from spawn to exit: the whole
 * checklist suite as a user runs it (the reference target on embedded PGlite, as the command does
 * without --database-url).
 */
export const timeCheck = (target: CheckTarget) => timeTck(['check', '--target', target])

/** Wall time of `tck check --self-test` (the checklist against every planted fault). */
export const timeSelfTest = () => timeTck(['check', '--self-test'])

/**
 * Wall time of `tck check --target <url>` against a backend already running (started, and for the
 * reference server its simulated issuer too, before the clock starts): the checklist's own cost.
 * The reference server runs on `memory://` PGlite, as `--target reference` does.
 */
export async function timeCheckUrl(target: CheckUrlTarget): Promise<CommandTiming> {
  const closers: (() => Promise<unknown>)[] = []
  try {
    // Both trust a simulated issuer of the bench's, which the checklist reuses (--issuer-url) to mint.
    const issuer = await createIssuer()
    const listener = await issuer.listen({ port: 0 })
    closers.push(() => listener.close())
    const env = { JWKS_URL: `${listener.url}/api/auth/jwks`, JWT_ISSUER: issuer.issuer, JWT_AUDIENCE: issuer.audience, PORT: '0', HOST: '127.0.0.1' }
    const backend: BenchChild =
      target === 'reference'
        ? spawnNode(['bin/tck.mjs', 'serve'], { ...env, LOG_LEVEL: 'warn', PGLITE_DATA_DIR: 'memory://' })
        : spawnNode(['bin/tck.mjs', 'mock', '--port', '0'], env)
    closers.push(() => backend.stop())
    const [, url] = await backend.waitFor(target === 'reference' ? /Task API listening on (\S+)/ : /tck mock \(msw\) listening on (\S+)/)
    return await timeTck(['check', '--target', url!, '--issuer-url', listener.url])
  } finally {
    for (const close of closers.reverse()) await close().catch(() => {})
  }
}

/** Time to `Ready.` of `tck start`: see {@link timeStart}. */
export interface StartTimings {
  first: CommandTiming
  cold: CommandTiming
  warm: CommandTiming
}

/**
 * `node bin/tck.mjs start --port 0 --web-port 0 --state-dir <tmp>`, each timed from spawn to the
 * line `Ready.` and stopped (SIGTERM, waited for) before the next: `first` on an empty state folder
 * and an empty TCK_CACHE_DIR (a machine's very first start: initdb runs and the prepared PGlite
 * cluster is written), `cold` on another empty state folder with that cache (every later first
 * start of a project), `warm` again on the cold one's folder. No DATABASE_URL is passed, so this is
 * the embedded-database start of `npm start`.
 */
export async function timeStart(): Promise<StartTimings> {
  const dir = mkdtempSync(join(tmpdir(), 'tck-bench-start-'))
  const env = { TCK_CACHE_DIR: join(dir, 'cache') }
  try {
    const first = await timeOneStart(join(dir, 'first'), env)
    const cold = await timeOneStart(join(dir, 'state'), env)
    const warm = await timeOneStart(join(dir, 'state'), env)
    return { first, cold, warm }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

async function timeOneStart(stateDir: string, env: Record<string, string>): Promise<CommandTiming> {
  const start = performance.now()
  const child = spawnNode(['bin/tck.mjs', 'start', '--port', '0', '--web-port', '0', '--state-dir', stateDir], env)
  try {
    await child.waitFor(/^Ready\./m, 180_000)
    return { ms: elapsedMs(start), ok: true }
  } catch (error) {
    process.stderr.write(`bench: tck start did not get ready: ${(error as Error).message}\n`)
    return { ms: elapsedMs(start), ok: false }
  } finally {
    await child.stop(20_000)
  }
}
