import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll } from 'vitest'

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
  const child = spawn(process.execPath, [TCK, ...args], { env: { PATH: process.env.PATH ?? '', ...env }, cwd, stdio: ['ignore', 'pipe', 'pipe'] })
  let text = ''
  const listeners = new Set<() => void>()
  const onData = (chunk: Buffer) => { text += chunk.toString(); for (const l of listeners) l() }
  child.stdout!.on('data', onData)
  child.stderr!.on('data', onData)
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => { for (const l of listeners) l(); resolve(code) }))
  return {
    child,
    exited,
    output: () => text,
    waitFor(pattern, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = text.match(pattern)
          if (match) { done(); resolve(match) } else if (child.exitCode !== null) { done(); reject(new Error(`tck exited (${child.exitCode}) before ${pattern}:\n${text}`)) }
        }
        const timer = setTimeout(() => { done(); reject(new Error(`timed out waiting for ${pattern}:\n${text}`)) }, timeoutMs)
        const done = () => { clearTimeout(timer); listeners.delete(check) }
        listeners.add(check)
        check()
      })
    },
    async stop(signal = 'SIGTERM') {
      if (child.exitCode === null) child.kill(signal)
      return exited
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
    tck: (...args) => { const p = spawnTck(...args); running.push(p); return p },
    tempDir: () => { const d = mkdtempSync(join(tmpdir(), prefix)); dirs.push(d); return d },
  }
}
