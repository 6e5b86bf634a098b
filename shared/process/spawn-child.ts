import { spawn, type ChildProcess } from 'node:child_process'

/** Options of {@link spawnChild}. */
export interface SpawnChildOptions {
  /** Working folder. Default the parent's. */
  cwd?: string | undefined
  /** The child's whole environment (nothing else is inherited). Default the parent's `process.env`. */
  env?: NodeJS.ProcessEnv
  /** How many characters of output (stdout and stderr interleaved) are kept, the latest. Default 1,000,000. */
  outputLimit?: number
  /** Rewrites each chunk before it is kept and passed on (e.g. strips colour codes). Default none. */
  transform?: (text: string) => string
  /** Called with every chunk of output, from the start. */
  onOutput?: (text: string) => void
  /** SIGTERM the child if this process exits first (a crashed test run must leave no child behind). Default false. */
  killOnExit?: boolean
}

/** A child process whose output is collected. */
export interface Child {
  readonly child: ChildProcess
  /** The OS process id; `undefined` when it could not be spawned. */
  readonly pid: number | undefined
  /** The output kept so far (see `outputLimit`). */
  output(): string
  /**
   * Resolves with the first match of `pattern` in the kept output; rejects with a
   * {@link ChildWaitError} when the child exits first or `timeoutMs` (default 120,000) passes, and
   * with the spawn error itself (`ENOENT`, …) when it could not be started.
   */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<RegExpMatchArray>
  /** SIGTERM, then SIGKILL after `graceMs` (default 10,000 ms) if still running. @returns the exit code (null after a signal). */
  stop(graceMs?: number): Promise<number | null>
  /** Resolves with the exit code (null when a signal ended it) whenever the child ends, or fails to spawn. */
  readonly exited: Promise<number | null>
}

/** Why {@link Child.waitFor} gave up; the message ends with the last 3,000 characters of output. */
export class ChildWaitError extends Error {
  override name = 'ChildWaitError'
  constructor(
    message: string,
    /** `exited`: the child ended first; `timeout`: the time ran out. */
    readonly reason: 'exited' | 'timeout',
    /** Exit code, or the signal that ended the child; `undefined` for a timeout. */
    readonly exit?: number | string | null,
  ) {
    super(message)
  }
}

// Children to SIGTERM when this process exits (`killOnExit`); one exit hook serves them all.
const live = new Set<ChildProcess>()
let exitHookInstalled = false

/**
 * Spawns `command args` with piped output, and keeps the latest output for {@link Child.waitFor}
 * (a ready line) and for error messages: a chatty child cannot grow the parent's memory.
 */
export function spawnChild(command: string, args: readonly string[], options: SpawnChildOptions = {}): Child {
  const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, stdio: ['ignore', 'pipe', 'pipe'] })
  if (options.killOnExit) track(child)
  const limit = options.outputLimit ?? 1_000_000
  let text = ''
  const listeners = new Set<() => void>()
  const onData = (chunk: Buffer) => {
    const piece = options.transform ? options.transform(chunk.toString()) : chunk.toString()
    text = (text + piece).slice(-limit)
    options.onOutput?.(piece)
    for (const listener of listeners) listener()
  }
  child.stdout!.on('data', onData)
  child.stderr!.on('data', onData)
  let spawnError: Error | undefined
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code))
    // A process that could not be spawned emits 'error' and possibly never 'exit'.
    child.once('error', (error) => {
      spawnError = error
      resolve(child.exitCode)
    })
  }).finally(() => {
    live.delete(child)
    for (const listener of listeners) listener()
  })
  const ended = () => spawnError !== undefined || child.exitCode !== null || child.signalCode !== null
  return {
    child,
    pid: child.pid,
    exited,
    output: () => text,
    waitFor(pattern, timeoutMs = 120_000) {
      return new Promise((resolve, reject) => {
        const tail = () => text.slice(-3000)
        const check = () => {
          const match = text.match(pattern)
          if (match) return done(() => resolve(match))
          if (spawnError) return done(() => reject(spawnError))
          if (!ended()) return
          const exit = child.exitCode ?? child.signalCode
          done(() => reject(new ChildWaitError(`process exited before ${pattern}:\n${tail()}`, 'exited', exit)))
        }
        const timer = setTimeout(() => done(() => reject(new ChildWaitError(`timed out waiting for ${pattern}:\n${tail()}`, 'timeout'))), timeoutMs)
        const done = (settle: () => void) => {
          clearTimeout(timer)
          listeners.delete(check)
          settle()
        }
        listeners.add(check)
        check()
      })
    },
    async stop(graceMs = 10_000) {
      if (ended() || child.pid === undefined) return exited
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

function track(child: ChildProcess): void {
  live.add(child)
  if (exitHookInstalled) return
  exitHookInstalled = true
  process.once('exit', () => {
    for (const each of live) each.kill('SIGTERM')
  })
}
