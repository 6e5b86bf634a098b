import { spawn } from 'node:child_process'
import type { ChildProcess } from 'node:child_process'
import { findFreePort } from '../../shared/net/free-port.ts'
import { resolvePrismBin } from './prism-bin.ts'

/** A running Prism process. */
export interface PrismServer {
  /** `http://<host>:<port>` Prism listens on, no trailing slash. */
  url: string
  /** Stops Prism (SIGTERM, SIGKILL after 5 s) and resolves once it has exited; safe to call twice. */
  close(): Promise<void>
  /** Everything Prism has logged so far (stdout and stderr interleaved, last 256 KiB). */
  output(): string
  /** Resolves with Prism's exit code (null when ended by a signal) whenever it ends, expectedly or not. */
  exited: Promise<number | null>
}

/** How to run one Prism CLI command. */
export interface SpawnPrismOptions {
  command: 'mock' | 'proxy'
  /** Positional arguments after the command: the contract, then (proxy) the upstream URL. */
  positionals: string[]
  /** Extra CLI flags, appended after `-h` and `-p`. */
  flags: string[]
  /** Bind address. */
  host: string
  /** TCP port; 0 picks a free one (retried up to 3 times if another process takes it first). */
  port: number
  /** Milliseconds to wait for "Prism is listening". Default 30 000. */
  timeoutMs?: number
  /** Called with every chunk Prism logs, from the start (request logs, violations). */
  onOutput?: (text: string) => void
}

/** Prism did not come up; `message` carries the command line and Prism's output. */
export class PrismStartError extends Error {
  override name = 'PrismStartError'
  constructor(message: string, readonly output: string) {
    super(message)
  }
  /** True when Prism failed because the port was taken. */
  get addressInUse(): boolean {
    return this.output.includes('EADDRINUSE')
  }
}

const LISTENING = /Prism is listening on \S+/
// Prism logs through signale/chalk; FORCE_COLOR=0 should disable colour, this is the fallback.
const ANSI = /\x1b\[[0-9;]*m/g
const OUTPUT_LIMIT = 256 * 1024
const STOP_GRACE_MS = 5_000
const PORT_ATTEMPTS = 3

// If the host process exits without close() (a crashed test run), no Prism must outlive it.
const live = new Set<ChildProcess>()
let exitHookInstalled = false

/** Starts the Prism CLI as a child process and resolves once it is listening. */
export async function spawnPrism(options: SpawnPrismOptions): Promise<PrismServer> {
  for (let attempt = 1; ; attempt++) {
    const port = options.port === 0 ? await findFreePort(options.host) : options.port
    try {
      return await spawnOnce(options, port)
    } catch (error) {
      const retry = options.port === 0 && error instanceof PrismStartError && error.addressInUse
      if (!retry || attempt >= PORT_ATTEMPTS) throw error
    }
  }
}

async function spawnOnce(options: SpawnPrismOptions, port: number): Promise<PrismServer> {
  const timeoutMs = options.timeoutMs ?? 30_000
  const args = [resolvePrismBin(), options.command, ...options.positionals, '-h', options.host, '-p', String(port), ...options.flags]
  const child = spawn(process.execPath, args, {
    stdio: ['ignore', 'pipe', 'pipe'],
    env: { ...process.env, FORCE_COLOR: '0' },
  })
  track(child)
  let text = ''
  const onData = (chunk: Buffer) => {
    const piece = chunk.toString().replace(ANSI, '')
    text = (text + piece).slice(-OUTPUT_LIMIT)
    options.onOutput?.(piece)
  }
  child.stdout!.on('data', onData)
  child.stderr!.on('data', onData)
  const exited = new Promise<number | null>((resolve) => {
    child.once('exit', (code) => resolve(code))
    // A process that could not be spawned emits 'error' and possibly never 'exit'.
    child.once('error', () => resolve(child.exitCode))
  }).finally(() => live.delete(child))
  let closing: Promise<void> | undefined
  const close = () => (closing ??= stop(child, exited))

  try {
    await waitUntilListening(child, () => text, timeoutMs)
  } catch (reason) {
    await close()
    const command = `prism ${args.slice(1).join(' ')}`
    throw new PrismStartError(`${command}: ${(reason as Error).message}\n--- Prism output ---\n${text}`, text)
  }
  const host = options.host.includes(':') ? `[${options.host}]` : options.host
  return { url: `http://${host}:${port}`, close, output: () => text, exited }
}

function waitUntilListening(child: ChildProcess, output: () => string, timeoutMs: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const finish = (error?: Error) => {
      clearTimeout(timer)
      child.stdout!.off('data', check)
      child.stderr!.off('data', check)
      child.off('exit', onExit)
      child.off('error', finish)
      if (error) reject(error)
      else resolve()
    }
    // Listeners run in registration order, so `output()` already holds the chunk when check runs.
    const check = () => {
      if (LISTENING.test(output())) finish()
    }
    const onExit = (code: number | null, signal: string | null) => finish(new Error(`exited (${code ?? signal}) before listening`))
    const timer = setTimeout(() => finish(new Error(`not listening after ${timeoutMs} ms`)), timeoutMs)
    child.stdout!.on('data', check)
    child.stderr!.on('data', check)
    child.once('exit', onExit)
    child.once('error', finish)
  })
}

async function stop(child: ChildProcess, exited: Promise<number | null>): Promise<void> {
  if (child.exitCode === null && child.signalCode === null && child.pid !== undefined) {
    child.kill('SIGTERM')
    const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS)
    await exited
    clearTimeout(timer)
  }
  await exited
}

function track(child: ChildProcess): void {
  live.add(child)
  if (exitHookInstalled) return
  exitHookInstalled = true
  process.once('exit', () => {
    for (const each of live) each.kill('SIGTERM')
  })
}
