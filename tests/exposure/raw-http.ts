import { connect } from 'node:net'

/** What a raw HTTP/1.1 exchange showed: the bytes answered and when the server closed. */
export interface RawOutcome {
  /** Everything the server sent, as latin1 text. */
  text: string
  /** Status of the first response, if one arrived. */
  status: number | undefined
  /** Milliseconds from the end of `send` until the server closed the connection; `undefined` if it was still open at `waitMs`. */
  closedAfterMs: number | undefined
  /** Milliseconds from the end of `send` until the first response byte; `undefined` if none came. */
  firstByteAfterMs: number | undefined
}

/**
 * Opens a TCP connection to `url`'s host and port, writes `send` (request bytes, possibly an
 * incomplete request), then waits up to `waitMs` for the server to close, collecting what it
 * answers. The client never closes first, so a server that holds the connection shows it.
 */
export function rawExchange(url: string, send: string | Buffer, waitMs: number): Promise<RawOutcome> {
  const { hostname, port } = new URL(url)
  return new Promise((resolve) => {
    const socket = connect(Number(port), hostname.replace(/^\[|\]$/g, ''))
    const chunks: Buffer[] = []
    let sentAt = 0
    let firstByteAfterMs: number | undefined
    const finish = (closed: boolean) => {
      clearTimeout(timer)
      socket.destroy()
      const text = Buffer.concat(chunks).toString('latin1')
      const status = /^HTTP\/1\.[01] (\d{3})/.exec(text)?.[1]
      resolve({ text, status: status ? Number(status) : undefined, closedAfterMs: closed ? Date.now() - sentAt : undefined, firstByteAfterMs })
    }
    const timer = setTimeout(() => finish(false), waitMs)
    socket.on('data', (chunk) => {
      firstByteAfterMs ??= Date.now() - sentAt
      chunks.push(chunk)
    })
    // A reset after a refusal (EPIPE/ECONNRESET while the server closes) still counts as closed.
    socket.on('error', () => finish(true))
    socket.on('close', () => finish(true))
    socket.on('connect', () =>
      socket.write(send, () => {
        sentAt = Date.now()
      }),
    )
  })
}

/** The head of a request with `Content-Length: length` whose body is never sent. */
export function stalledPost(path: string, length: number, headers: Record<string, string> = {}): string {
  const lines = Object.entries({ host: '127.0.0.1', 'content-type': 'application/json', 'content-length': String(length), ...headers })
  return `POST ${path} HTTP/1.1\r\n${lines.map(([name, value]) => `${name}: ${value}`).join('\r\n')}\r\n\r\n`
}
