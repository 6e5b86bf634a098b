import type { ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll } from 'vitest'
import { ChildWaitError, spawnChild } from '../../shared/process/spawn-child.ts'

const TCK = fileURLToPath(new URL('../../bin/tck.mjs', import.meta.url))

/** A running `tck` process whose output is collected. */
export interface TckProcess {
  child: ChildProcess
  output(): string
  /** Resolves with the first match of `pattern` in stdout+stderr; rejects after `timeoutMs` (default 30 s) or on exit. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>
  /** Sends `signal` (default SIGTERM) and resolves with the exit code. */
  stop(signal?: NodeJS.Signals): Promise<number | null>
  exited: Promise<number | null>
}

/** Runs `node bin/tck.mjs ...args` with exactly `env` (plus PATH), as a user would from a shell. */
export function spawnTck(args: string[], env: Record<string, string> = {}, cwd?: string): TckProcess {
  // All output is kept: a failing test prints it whole.
  const tck = spawnChild(process.execPath, [TCK, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, cwd, outputLimit: Infinity })
  return {
    child: tck.child,
    exited: tck.exited,
    output: tck.output,
    waitFor: (pattern, timeoutMs = 30_000) =>
      tck.waitFor(pattern, timeoutMs).catch((error: unknown) => {
        if (!(error instanceof ChildWaitError)) throw error
        throw new Error(
          error.reason === 'exited' ? `tck exited (${error.exit}) before ${pattern}:\n${tck.output()}` : `timed out waiting for ${pattern}:\n${tck.output()}`,
        )
      }),
    async stop(signal = 'SIGTERM') {
      if (tck.child.exitCode === null) tck.child.kill(signal)
      return tck.exited
    },
  }
}

/**
 * For a test file that runs `tck` processes and needs temporary folders: both are cleaned up
 * (processes killed, folders removed) after the file's tests, even when a test failed midway.
 */
export function useTckProcesses(prefix = 'tck-test-'): { tck: typeof spawnTck; tempDir: () => string } {
  const dirs: string[] = []
  const running: TckProcess[] = []
  afterAll(async () => {
    await Promise.all(running.map((p) => p.stop('SIGKILL')))
    for (const d of dirs) rmSync(d, { recursive: true, force: true })
  })
  return {
    tck: (...args) => {
      const p = spawnTck(...args)
      running.push(p)
      return p
    },
    tempDir: () => {
      const d = mkdtempSync(join(tmpdir(), prefix))
      dirs.push(d)
      return d
    },
  }
}
