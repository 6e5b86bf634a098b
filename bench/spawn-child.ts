import { spawn, type ChildProcess } from 'node:child_process'
import { fileURLToPath } from 'node:url'

/** Repository root: every child runs from here, as a user would run `node bin/tck.mjs`. */
export const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url))

/** A child process of the bench whose stdout+stderr are collected. */
export interface BenchChild {
  readonly pid: number
  readonly child: ChildProcess
  output(): string
  /** Resolves with the first match of `pattern` in the output; rejects on timeout or exit. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>
  /** SIGTERM, then SIGKILL after `graceMs` (default 10 s). @returns the exit code. */
  stop(graceMs?: number): Promise<number | null>
  readonly exited: Promise<number | null>
}

/**
 * Spawns `node ...args` with `env` (PATH and HOME added, nothing else inherited, so a DATABASE_URL
 * or LOG_LEVEL of the caller's shell cannot leak into a measurement).
 */
export function spawnNode(args: string[], env: Record<string, string | undefined>): BenchChild {
  const child = spawn(process.execPath, args, {
    cwd: REPO_ROOT,
    env: { PATH: process.env.PATH, HOME: process.env.HOME, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  let text = ''
  const listeners = new Set<() => void>()
  const onData = (chunk: Buffer) => {
    // Only the start matters (the ready line); a chatty child must not grow the bench's memory.
    if (text.length < 1_000_000) text += chunk.toString()
    for (const listener of listeners) listener()
  }
  child.stdout!.on('data', onData)
  child.stderr!.on('data', onData)
  const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => {
    for (const listener of listeners) listener()
    resolve(code)
  }))
  return {
    pid: child.pid!,
    child,
    exited,
    output: () => text,
    waitFor(pattern, timeoutMs = 120_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = text.match(pattern)
          if (match) { done(); resolve(match) }
          else if (child.exitCode !== null || child.signalCode !== null) { done(); reject(new Error(`process exited before ${pattern}:\n${text.slice(-3000)}`)) }
        }
        const timer = setTimeout(() => { done(); reject(new Error(`timed out waiting for ${pattern}:\n${text.slice(-3000)}`)) }, timeoutMs)
        const done = () => { clearTimeout(timer); listeners.delete(check) }
        listeners.add(check)
        check()
      })
    },
    async stop(graceMs = 10_000) {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode
      child.kill('SIGTERM')
      const timer = setTimeout(() => child.kill('SIGKILL'), graceMs)
      try {
        return await exited
      } finally {
        clearTimeout(timer)
      }
    },
  }
}

/** Elapsed milliseconds since `start` (a `performance.now()` value). */
export const elapsedMs = (start: number) => performance.now() - start
