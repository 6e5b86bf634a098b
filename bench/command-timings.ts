import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { elapsedMs, spawnNode } from './spawn-child.ts'

/** The checklist targets whose wall time is measured. */
export const CHECK_TARGETS = ['reference', 'msw', 'prism'] as const
export type CheckTarget = (typeof CHECK_TARGETS)[number]

/** One timed command. */
export interface CommandTiming {
  /** Wall time, in milliseconds. */
  ms: number
  /** Whether the command did what it should (exit code 0; `Ready.` for start). */
  ok: boolean
}

/**
 * Wall time of `node bin/tck.mjs check --target <target>`, from spawn to exit: the whole
 * checklist suite as a user runs it (the reference target on embedded PGlite, as the command does
 * without --database-url).
 */
export async function timeCheck(target: CheckTarget): Promise<CommandTiming> {
  const start = performance.now()
  const child = spawnNode(['bin/tck.mjs', 'check', '--target', target], {})
  const code = await child.exited
  const ms = elapsedMs(start)
  if (code !== 0) process.stderr.write(`bench: tck check --target ${target} exited ${code}:\n${child.output().slice(-2000)}\n`)
  return { ms, ok: code === 0 }
}

/** Time to `Ready.` of a first (`cold`, empty state folder) and a second (`warm`) `tck start`. */
export interface StartTimings {
  cold: CommandTiming
  warm: CommandTiming
}

/**
 * `node bin/tck.mjs start --port 0 --web-port 0 --state-dir <tmp>` twice on the same fresh state
 * folder, each timed from spawn to the line `Ready.` and stopped (SIGTERM, waited for) before the
 * next: the first start creates keys, secret and both embedded databases, the second reuses them.
 * No DATABASE_URL is passed, so this is the embedded-database start of `npm start`.
 */
export async function timeStart(): Promise<StartTimings> {
  const stateDir = mkdtempSync(join(tmpdir(), 'tck-bench-start-'))
  try {
    const cold = await timeOneStart(stateDir)
    const warm = await timeOneStart(stateDir)
    return { cold, warm }
  } finally {
    rmSync(stateDir, { recursive: true, force: true })
  }
}

async function timeOneStart(stateDir: string): Promise<CommandTiming> {
  const start = performance.now()
  const child = spawnNode(['bin/tck.mjs', 'start', '--port', '0', '--web-port', '0', '--state-dir', stateDir], {})
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
