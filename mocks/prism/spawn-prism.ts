import { findFreePort } from '../../shared/net/free-port.ts'
import { httpUrl } from '../../shared/net/url-host.ts'
import { ChildWaitError, spawnChild } from '../../shared/process/spawn-child.ts'
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
  constructor(
    message: string,
    readonly output: string,
  ) {
    super(message)
  }
  /** True when Prism failed because the port was taken. */
  get addressInUse(): boolean {
    return this.output.includes('EADDRINUSE')
  }
}

const LISTENING = /Prism is listening on \S+/
// Prism logs through signale/chalk; FORCE_COLOR=0 should disable colour, this is the fallback.
// biome-ignore lint/suspicious/noControlCharactersInRegex: ESC starts the ANSI colour codes Prism prints; matching it is the point
const ANSI = /\x1b\[[0-9;]*m/g
const OUTPUT_LIMIT = 256 * 1024
const STOP_GRACE_MS = 5_000
const PORT_ATTEMPTS = 3

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
  // If the host process exits without close() (a crashed test run), no Prism must outlive it.
  const child = spawnChild(process.execPath, args, {
    env: { ...process.env, FORCE_COLOR: '0' },
    outputLimit: OUTPUT_LIMIT,
    transform: (text) => text.replace(ANSI, ''),
    ...(options.onOutput && { onOutput: options.onOutput }),
    killOnExit: true,
  })
  let closing: Promise<void> | undefined
  const close = () => (closing ??= child.stop(STOP_GRACE_MS).then(() => {}))

  try {
    await child.waitFor(LISTENING, timeoutMs)
  } catch (reason) {
    await close()
    const command = `prism ${args.slice(1).join(' ')}`
    throw new PrismStartError(`${command}: ${whyNotListening(reason, timeoutMs)}\n--- Prism output ---\n${child.output()}`, child.output())
  }
  return { url: httpUrl(options.host, port), close, output: child.output, exited: child.exited }
}

/** The reason in Prism's own words: it exited first, it timed out, or it could not be spawned. */
function whyNotListening(reason: unknown, timeoutMs: number): string {
  if (!(reason instanceof ChildWaitError)) return (reason as Error).message
  return reason.reason === 'timeout' ? `not listening after ${timeoutMs} ms` : `exited (${reason.exit}) before listening`
}
