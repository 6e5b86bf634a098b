/**
 * Resolves `stopped` on the first SIGTERM, SIGINT or abort of `signal` (a command's way to stop in
 * a test or when embedded). `dispose()` removes the handlers without resolving, for a command that
 * ends for another reason (its child died); after either, a later signal is the process's again.
 */
export function waitForStop(signal?: AbortSignal): { stopped: Promise<void>; dispose(): void } {
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
