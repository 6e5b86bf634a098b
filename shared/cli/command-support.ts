/** Streams and stop signal for the Prism commands; defaults are the process's. */
export interface PrismCommandIo {
  stdout?: NodeJS.WritableStream
  stderr?: NodeJS.WritableStream
  /** Aborting stops the command like SIGTERM does (for tests and embedding). */
  signal?: AbortSignal
}

/** Thrown for bad command-line input; the command prints it with its usage and exits 2. */
export class UsageError extends Error {
  override name = 'UsageError'
}

/**
 * Parses a `--port` value: an integer 0-65535 (0 = any free port).
 * @throws UsageError otherwise.
 */
export function parsePort(value: string): number {
  const port = Number(value)
  if (!/^\d+$/.test(value) || port > 65535) throw new UsageError('--port must be an integer 0-65535')
  return port
}

/**
 * Resolves on the first SIGTERM, SIGINT or abort of `signal`. `dispose()` removes the handlers
 * without resolving, for when the command ends for another reason (Prism died).
 */
export function waitForStop(signal: AbortSignal | undefined): { stopped: Promise<void>; dispose(): void } {
  let dispose = () => {}
  const stopped = new Promise<void>((resolve) => {
    const stop = () => {
      dispose()
      resolve()
    }
    dispose = () => {
      process.off('SIGTERM', stop)
      process.off('SIGINT', stop)
      signal?.removeEventListener('abort', stop)
    }
    process.once('SIGTERM', stop)
    process.once('SIGINT', stop)
    if (signal?.aborted) stop()
    else signal?.addEventListener('abort', stop, { once: true })
  })
  return { stopped, dispose }
}
