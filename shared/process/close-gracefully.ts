import closeWithGrace from 'close-with-grace'

/** How long in-flight requests get to finish after SIGTERM/SIGINT, in milliseconds. */
export const SHUTDOWN_GRACE_MS = 10_000

/** What {@link closeGracefully} closes: a Fastify app, or anything with `close()` and a pino-style log. */
export interface GracefulTarget {
  close(): Promise<unknown>
  log: {
    info(details: object, message: string): void
    error(details: object, message: string): void
  }
}

/**
 * On SIGTERM/SIGINT (or an uncaught error) stop accepting connections, let in-flight requests
 * finish (Fastify's `close` waits for them), run `onClosed` (close the database, the issuer, …),
 * then exit; a second signal or {@link SHUTDOWN_GRACE_MS} forces the exit. For a process that
 * serves until it is stopped (`tck serve`, `tck start`); a command that must return instead uses
 * `waitForStop`.
 */
export function closeGracefully(app: GracefulTarget, onClosed: () => Promise<void> | void = () => {}): void {
  closeWithGrace({ delay: SHUTDOWN_GRACE_MS }, async ({ signal, err }) => {
    if (err) app.log.error({ err }, 'shutting down after an error')
    else app.log.info({ signal }, 'shutting down')
    await app.close()
    await onClosed()
  })
}
