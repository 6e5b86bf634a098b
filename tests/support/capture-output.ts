import { Writable } from 'node:stream'

/** A writable stream that keeps everything written to it, for commands that take `io.stdout`. */
export function capture(): { stream: Writable; text: () => string } {
  let text = ''
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString()
      done()
    },
  })
  return { stream, text: () => text }
}

/** Resolves once `predicate` holds, polling every `intervalMs`; rejects after `timeoutMs` (default 10 s). */
export async function waitFor(predicate: () => boolean, timeoutMs = 10_000, intervalMs = 10): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error('timed out waiting for output')
    await new Promise((resolve) => setTimeout(resolve, intervalMs))
  }
}
